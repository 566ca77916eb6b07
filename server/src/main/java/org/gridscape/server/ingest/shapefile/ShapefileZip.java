package org.gridscape.server.ingest.shapefile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.SourceFeature;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Zipped shapefiles: each {@code name.shp} with its {@code .dbf} (and optional {@code .shx},
 * {@code .prj}, {@code .cpg}) becomes one layer called {@code name}. Folders inside the zip are
 * ignored, as are macOS resource forks.
 */
public final class ShapefileZip {

  /** WGS84 as ArcGIS and QGIS write it in .prj files. */
  public static final String WGS84_PRJ = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
      + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

  private ShapefileZip() {
  }

  /**
   * Reads every shapefile in the zip.
   *
   * @param maxUncompressedBytes stop (413) once this many bytes have been unpacked
   * @throws IngestException 400 for a broken zip, a missing .shp or .dbf or a malformed file; 413 when too big
   */
  public static List<FeatureLayer> read(byte[] zip, long maxUncompressedBytes, GeometryFactory factory) {
    Map<String, Map<String, byte[]>> parts = unzip(zip, maxUncompressedBytes);
    Set<String> bases = new LinkedHashSet<>(parts.keySet());
    if (bases.isEmpty()) {
      throw new IngestException(IngestException.Kind.MISSING_COMPONENT, "the zip contains no shapefile (.shp)");
    }
    List<FeatureLayer> layers = new ArrayList<>();
    ShpReader shpReader = new ShpReader(factory);
    for (String base : bases) {
      Map<String, byte[]> files = parts.get(base);
      if (!files.containsKey("shp") && !files.containsKey("dbf")) {
        continue; // a stray .prj or .txt next to the data
      }
      if (!files.containsKey("shp")) {
        throw new IngestException(IngestException.Kind.MISSING_COMPONENT, base + ".dbf has no " + base + ".shp in the zip");
      }
      if (!files.containsKey("dbf")) {
        throw new IngestException(IngestException.Kind.MISSING_COMPONENT, base + ".shp has no " + base + ".dbf in the zip");
      }
      List<Geometry> geometries = shpReader.read(base + ".shp", files.get("shp"));
      String cpg = files.containsKey("cpg") ? new String(files.get("cpg"), StandardCharsets.US_ASCII) : null;
      DbfTable table = DbfReader.read(base + ".dbf", files.get("dbf"), cpg);
      if (table.rows().size() != geometries.size()) {
        throw new IngestException(IngestException.Kind.MALFORMED_FILE, base + ": " + geometries.size()
            + " shapes but " + table.rows().size() + " attribute rows");
      }
      List<SourceFeature> features = new ArrayList<>();
      for (int i = 0; i < geometries.size(); i++) {
        if (table.deleted().get(i)) {
          continue;
        }
        features.add(new SourceFeature(features.size(), null, geometries.get(i), table.rows().get(i)));
      }
      String prj = files.containsKey("prj") ? stripBom(new String(files.get("prj"), StandardCharsets.UTF_8)).strip() : null;
      layers.add(new FeatureLayer(base, prj == null || prj.isEmpty() ? null : prj, features));
    }
    if (layers.isEmpty()) {
      throw new IngestException(IngestException.Kind.MISSING_COMPONENT, "the zip contains no shapefile (.shp)");
    }
    return layers;
  }

  /**
   * The character set each shapefile's text attributes are read with (by base name), and whether its
   * .cpg named it or it was detected (valid UTF-8, else GB18030); for the import preview.
   */
  public static Map<String, TextEncoding> encodings(byte[] zip, long maxUncompressedBytes) {
    Map<String, TextEncoding> out = new java.util.LinkedHashMap<>();
    unzip(zip, maxUncompressedBytes).forEach((base, files) -> {
      if (files.containsKey("dbf")) {
        String cpg = files.containsKey("cpg") ? new String(files.get("cpg"), StandardCharsets.US_ASCII) : null;
        out.put(base, new TextEncoding(DbfReader.read(base + ".dbf", files.get("dbf"), cpg).charset().name(),
            cpg != null && !cpg.isBlank()));
      }
    });
    return out;
  }

  /** @param charset Java name of the character set; @param fromCpg whether the .cpg file named it */
  public record TextEncoding(String charset, boolean fromCpg) {}

  private static Map<String, Map<String, byte[]>> unzip(byte[] zip, long maxBytes) {
    Map<String, Map<String, byte[]>> parts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    long total = 0;
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries++;
        String path = entry.getName().replace('\\', '/');
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (entry.isDirectory() || path.startsWith("__MACOSX/") || file.startsWith("._") || file.indexOf('.') <= 0) {
          continue;
        }
        int dot = file.lastIndexOf('.');
        String ext = file.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!Set.of("shp", "shx", "dbf", "prj", "cpg").contains(ext)) {
          continue;
        }
        byte[] data = readLimited(in, maxBytes - total);
        total += data.length;
        parts.computeIfAbsent(file.substring(0, dot), k -> new LinkedHashMap<>()).put(ext, data);
      }
    } catch (ZipException e) {
      throw new IngestException(IngestException.Kind.BROKEN_ARCHIVE, "the zip is broken: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IngestException(IngestException.Kind.BROKEN_ARCHIVE, "the zip cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // ZipInputStream throws this for an entry name that is not valid in the archive's charset
      throw new IngestException(IngestException.Kind.BROKEN_ARCHIVE, "the zip is broken: an entry name is not valid "
          + "UTF-8", e);
    }
    if (entries == 0) {
      throw new IngestException(IngestException.Kind.BROKEN_ARCHIVE, "not a zip archive, or an empty one");
    }
    return parts;
  }

  private static byte[] readLimited(InputStream in, long remaining) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      remaining -= n;
      if (remaining < 0) {
        throw new IngestException(IngestException.Kind.TOO_LARGE, "the zip unpacks to more than the allowed size");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /**
   * Writes layers (WGS84 lon/lat) as one zip of shapefiles with .prj and .cpg. All features of a layer
   * must have the same kind of geometry. Attribute names are the union of the features' properties.
   */
  public static byte[] write(List<FeatureLayer> layers, Charset charset) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (FeatureLayer layer : layers) {
        List<Geometry> geometries = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<String> properties = new LinkedHashSet<>();
        for (SourceFeature f : layer.features()) {
          geometries.add(f.geometry());
          rows.add(f.properties());
          properties.addAll(f.properties().keySet());
        }
        ShpWriter.Output shp = ShpWriter.write(geometries);
        put(zip, layer.name() + ".shp", shp.shp());
        put(zip, layer.name() + ".shx", shp.shx());
        put(zip, layer.name() + ".dbf", DbfWriter.write(new ArrayList<>(properties), rows, charset));
        put(zip, layer.name() + ".prj", (layer.crs() == null ? WGS84_PRJ : layer.crs()).getBytes(StandardCharsets.UTF_8));
        put(zip, layer.name() + ".cpg", cpgName(charset).getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String cpgName(Charset charset) {
    if (charset.equals(StandardCharsets.UTF_8)) {
      return "UTF-8";
    }
    if (charset.name().equals("GBK") || charset.equals(DbfReader.GBK)) {
      return "GBK";
    }
    return charset.name();
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(0); // deterministic output
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }
}
