package org.gridscape.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Photogrammetry-like 3D Tiles for tests: runs {@code web-viewer/test/mesh-tileset.mjs} (node and
 * the npm package {@code @gltf-transform/core}), which writes a textured heightfield mesh over a
 * bounding box with the footprints raised to their heights, as {@code tileset.json} + {@code tile.glb}
 * (3D Tiles 1.1), and zips the result. Without node or the package the calling test is skipped,
 * visibly; with {@code CI=true} it fails instead.
 */
public final class MeshTileset {

  private static final Path SCRIPT = BrowserScript.WEB_VIEWER.resolve("test/mesh-tileset.mjs");

  /** A building footprint (a lon/lat ring in degrees, WGS84) raised to a height in metres. */
  public record Footprint(List<double[]> ring, double height) {
    public Footprint {
      ring = List.copyOf(ring);
      if (ring.size() < 3 || !(height >= 0)) {
        throw new IllegalArgumentException("a footprint needs a ring of at least 3 points and a height >= 0");
      }
    }

    /** A footprint from the outer ring of a WKT polygon (or of a multipolygon's first part) in lon/lat. */
    public static Footprint ofWkt(String wkt, double height) {
      try {
        Geometry geometry = new WKTReader().read(wkt);
        Polygon polygon = (Polygon) (geometry instanceof Polygon ? geometry : geometry.getGeometryN(0));
        List<double[]> ring = new ArrayList<>();
        for (Coordinate c : polygon.getExteriorRing().getCoordinates()) {
          ring.add(new double[] {c.x, c.y});
        }
        return new Footprint(ring, height);
      } catch (ParseException | ClassCastException e) {
        throw new IllegalArgumentException("not a polygon WKT: " + wkt, e);
      }
    }

    /** An axis-aligned box footprint. */
    public static Footprint box(double west, double south, double east, double north, double height) {
      return new Footprint(List.of(new double[] {west, south}, new double[] {east, south}, new double[] {east, north},
          new double[] {west, north}, new double[] {west, south}), height);
    }
  }

  /** How the tileset is written: the root's bounding volume, and whether the mesh sits in an external tileset. */
  public record Options(String volume, boolean external, double spacing, int maxVertices) {
    public static final Options DEFAULT = new Options("region", false, 2, 40_000);

    public Options {
      if (!volume.equals("region") && !volume.equals("box")) {
        throw new IllegalArgumentException("volume is region or box");
      }
    }

    public Options withVolume(String v) {
      return new Options(v, external, spacing, maxVertices);
    }

    public Options withExternal(boolean e) {
      return new Options(volume, e, spacing, maxVertices);
    }
  }

  private MeshTileset() {}

  /** Skips (or, with {@code CI=true}, fails) the calling test unless node and @gltf-transform/core are there. */
  public static void require(String testName) {
    String problem = null;
    if (!Files.isDirectory(BrowserScript.WEB_VIEWER.resolve("node_modules/@gltf-transform/core"))) {
      problem = "@gltf-transform/core is not installed in web-viewer/node_modules (npm ci in web-viewer)";
    } else if (!nodeWorks()) {
      problem = "`node` is not on the PATH";
    }
    if (problem == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(testName + " cannot run: " + problem + " (CI=true: it must run)");
    }
    System.err.println("SKIPPING " + testName + ": " + problem);
    Assumptions.abort(problem);
  }

  /**
   * Writes the tileset into {@code out} (created if needed) and returns the script's report:
   * {@code files}, {@code vertices}, {@code spacing}, {@code maxHeight}, {@code transform}.
   */
  public static JsonObject write(Path out, double[] bbox, List<Footprint> footprints, Options options) {
    require("MeshTileset");
    try {
      Files.createDirectories(out);
      JsonArray prints = new JsonArray();
      for (Footprint f : footprints) {
        JsonArray ring = new JsonArray();
        f.ring().forEach(p -> ring.add(new JsonArray().add(p[0]).add(p[1])));
        prints.add(new JsonObject().put("ring", ring).put("height", f.height()));
      }
      JsonObject input = new JsonObject().put("bbox", new JsonArray().add(bbox[0]).add(bbox[1]).add(bbox[2])
          .add(bbox[3])).put("footprints", prints).put("out", out.toAbsolutePath().toString())
          .put("volume", options.volume()).put("external", options.external()).put("spacing", options.spacing())
          .put("maxVertices", options.maxVertices());
      // The input and the script's log; kept when the script fails (the assertion names the log).
      Path work = Files.createTempDirectory("gridscape-mesh-input-");
      Path inputFile = work.resolve("input.json");
      Files.writeString(inputFile, input.encode());
      JsonObject report = BrowserScript.run("mesh-tileset.mjs", work, Duration.ofMinutes(5), inputFile.toString());
      deleteTree(work);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The zipped tileset (files at the zip's root) over {@code bbox} = [west, south, east, north] degrees. */
  public static byte[] zip(double[] bbox, List<Footprint> footprints) {
    return zip(bbox, footprints, Options.DEFAULT);
  }

  public static byte[] zip(double[] bbox, List<Footprint> footprints, Options options) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("gridscape-mesh-");
      write(dir, bbox, footprints, options);
      return zip(files(dir), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(dir);
    }
  }

  /** The files of a folder by their '/'-separated relative paths, in name order. */
  public static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.put(dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
    return files;
  }

  /** Zips the entries as they are named (any name, even an unsafe one), under {@code folder/} when given. */
  public static byte[] zip(Map<String, byte[]> entries, String folder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(folder == null ? entry.getKey() : folder + "/" + entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** {@code POST /api/v1/imports/3dtiles?name=} with the zip; the raw response. */
  public static HttpResponse<String> upload(TestServer server, String token, String name, byte[] zip) {
    return server.send(server.request("/api/v1/imports/3dtiles?name="
        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8), token).header("Content-Type", "application/zip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
  }

  /** Imports the zip and returns the stored tileset (fails the test unless the server answers 201). */
  public static JsonObject importInto(TestServer server, String token, String name, byte[] zip) {
    HttpResponse<String> response = upload(server, token, name, zip);
    assertThat(response.statusCode()).as("3D Tiles import: %s", response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  private static boolean nodeWorks() {
    try {
      Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files only
    }
  }
}
