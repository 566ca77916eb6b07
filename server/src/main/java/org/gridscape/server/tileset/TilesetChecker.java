package org.gridscape.server.tileset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.tileset.TilesetException.Kind;

/**
 * Checks a zipped 3D Tiles tileset by the validator's rules that matter for serving it, and stages
 * it content-addressed: every content file (b3dm, glb) and every tileset JSON is written once to
 * the staging folder as {@code <16 hex of SHA-256>.<ext>}. Tileset JSONs are rewritten so their
 * content URIs name those files (external tilesets first, so the root JSON's hash covers the whole
 * tree); every other field stays as it was. Runs on a worker thread.
 */
final class TilesetChecker {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  private static final long MAX_TILESET_JSON = 128L << 20;
  private static final Set<String> VERSIONS = Set.of("1.0", "1.1");
  /** Other 3D Tiles content formats, by their magic, named in the refusal. */
  private static final Map<String, String> OTHER_FORMATS = Map.of("i3dm", "instanced 3D model (i3dm)",
      "pnts", "point cloud (pnts)", "cmpt", "composite (cmpt)", "vctr", "vector (vctr)", "geom", "geometry (geom)");

  /** What a checked tileset is, once staged. */
  record Checked(String rootFile, Footprint footprint, double geometricError, int files, long bytes,
      List<String> warnings) {}

  /** A content reference found in a tileset JSON: the object holding it, its field and where the tile is. */
  private record Reference(ObjectNode holder, String field, String uri, String tile) {}

  private final TilesetZip zip;
  private final Path staging;
  private final Map<String, String> stored = new HashMap<>();
  private final Set<String> staged = new HashSet<>();
  private final Deque<String> open = new ArrayDeque<>();
  private final List<String> warnings = new ArrayList<>();
  private long bytes;
  private int parts;

  private TilesetChecker(TilesetZip zip, Path staging) {
    this.zip = zip;
    this.staging = staging;
  }

  /** Checks the zip and fills {@code staging} (an existing, empty folder); throws {@link TilesetException}. */
  static Checked check(Path zipFile, Path staging) {
    try (TilesetZip zip = TilesetZip.open(zipFile)) {
      TilesetChecker checker = new TilesetChecker(zip, staging);
      String rootPath = zip.rootTileset();
      ObjectNode root = checker.parseTileset(rootPath);
      JsonNode rootTile = root.get("root");
      String rootFile = checker.tileset(rootPath, root); // checks every tile before the root's volume is read
      Footprint footprint = Footprint.of(rootTile.get("boundingVolume"), transform(rootTile));
      return new Checked(rootFile, footprint, root.get("geometricError").asDouble(), checker.staged.size(),
          checker.bytes, List.copyOf(checker.warnings));
    }
  }

  /** Parses and checks a tileset JSON of the zip. */
  private ObjectNode parseTileset(String path) {
    byte[] json = zip.readAll(path, MAX_TILESET_JSON);
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new TilesetException(Kind.INVALID_TILESET, path, "is not JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (node == null || !node.isObject()) {
      throw new TilesetException(Kind.INVALID_TILESET, path, "is not a JSON object, so not a 3D Tiles tileset");
    }
    if (!node.has("root") && node.has("asset") && (node.has("meshes") || node.has("buffers") || node.has("scenes"))) {
      throw new TilesetException(Kind.UNSUPPORTED_CONTENT, path, "is a glTF JSON (.gltf); only binary glTF (.glb) "
          + "content is accepted");
    }
    JsonNode version = node.path("asset").get("version");
    if (version == null || !version.isTextual() || !VERSIONS.contains(version.asText())) {
      throw new TilesetException(Kind.INVALID_TILESET, path, "asset.version is " + (version == null ? "missing"
          : version.toString()) + "; a 3D Tiles 1.0 or 1.1 tileset has \"1.0\" or \"1.1\"");
    }
    requireGeometricError(path, node, "the tileset");
    JsonNode root = node.get("root");
    if (root == null || !root.isObject()) {
      throw new TilesetException(Kind.INVALID_TILESET, path, "has no root tile");
    }
    return (ObjectNode) node;
  }

  /** Checks the tiles of a parsed tileset, stores what they reference, then the rewritten JSON; its stored name. */
  private String tileset(String path, ObjectNode tileset) {
    open.push(path);
    List<Reference> references = new ArrayList<>();
    tile(path, (ObjectNode) tileset.get("root"), "root", tileset.get("geometricError").asDouble(), references);
    for (Reference reference : references) {
      String target = resolve(path, reference);
      reference.holder().put(reference.field(), content(path, target, reference));
    }
    open.pop();
    byte[] rewritten;
    try {
      rewritten = MAPPER.writeValueAsBytes(tileset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = name(sha256(rewritten), "json");
    try {
      if (staged.add(name)) {
        Files.write(staging.resolve(name), rewritten);
        bytes += rewritten.length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stored.put(path, name);
    return name;
  }

  private void tile(String path, ObjectNode tile, String where, double parentError, List<Reference> references) {
    String at = "tile " + where;
    JsonNode volume = tile.get("boundingVolume");
    if (volume == null) {
      throw invalid(path, at + " has no boundingVolume");
    }
    boundingVolume(path, volume, at + " boundingVolume");
    double error = requireGeometricError(path, tile, at);
    if (error > parentError) {
      warnings.add(path + ": " + at + " has a geometricError (" + error + ") greater than its parent's ("
          + parentError + ")");
    }
    JsonNode refine = tile.get("refine");
    if (refine != null && !(refine.isTextual() && (refine.asText().equals("ADD") || refine.asText().equals("REPLACE")))) {
      throw invalid(path, at + " refine is " + refine + "; it must be \"ADD\" or \"REPLACE\"");
    }
    JsonNode transform = tile.get("transform");
    if (transform != null && !numbers(transform, 16)) {
      throw invalid(path, at + " transform must be an array of 16 numbers (a column-major 4x4 matrix)");
    }
    if (tile.has("implicitTiling")) {
      throw invalid(path, at + " uses implicit tiling, which is not accepted: export the tileset with explicit tiles");
    }
    if (tile.has("content") && tile.has("contents")) {
      throw invalid(path, at + " has both content and contents; a tile has one or the other");
    }
    if (tile.has("content")) {
      reference(path, tile.get("content"), at + " content", where, references);
    }
    if (tile.has("contents")) {
      JsonNode contents = tile.get("contents");
      if (!contents.isArray()) {
        throw invalid(path, at + " contents is not an array");
      }
      for (int i = 0; i < contents.size(); i++) {
        reference(path, contents.get(i), at + " contents/" + i, where + "/contents/" + i, references);
      }
    }
    JsonNode children = tile.get("children");
    if (children != null) {
      if (!children.isArray()) {
        throw invalid(path, at + " children is not an array");
      }
      for (int i = 0; i < children.size(); i++) {
        JsonNode child = children.get(i);
        if (!child.isObject()) {
          throw invalid(path, "tile " + where + "/children/" + i + " is not an object");
        }
        tile(path, (ObjectNode) child, where + "/children/" + i, error, references);
      }
    }
  }

  private void reference(String path, JsonNode content, String at, String where, List<Reference> references) {
    if (!content.isObject()) {
      throw invalid(path, at + " is not an object");
    }
    String field = content.has("uri") ? "uri" : content.has("url") ? "url" : null;
    if (field == null || !content.get(field).isTextual() || content.get(field).asText().isEmpty()) {
      throw invalid(path, at + " has no uri");
    }
    if (content.has("boundingVolume")) {
      boundingVolume(path, content.get("boundingVolume"), at + " boundingVolume");
    }
    references.add(new Reference((ObjectNode) content, field, content.get(field).asText(), "tile " + where));
  }

  /** The zip path a content URI names, relative to the tileset JSON that holds it. */
  private String resolve(String path, Reference reference) {
    String uri = reference.uri();
    String shown = reference.tile() + " content " + ContentFile.abbreviate(uri);
    if (uri.startsWith("data:") || uri.startsWith("/") || uri.startsWith("\\") || uri.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      throw new TilesetException(Kind.MISSING_CONTENT, path, shown + " is not a relative path to a file in the zip; "
          + "every content must be a file of the zip");
    }
    int end = uri.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = uri.indexOf(stop);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    String decoded = percentDecode(uri.substring(0, end), path, shown);
    List<String> segments = new ArrayList<>(List.of(path.split("/")));
    segments.remove(segments.size() - 1);
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw new TilesetException(Kind.MISSING_CONTENT, path, shown + " points outside the zip");
        }
        segments.remove(segments.size() - 1);
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    String target = String.join("/", segments);
    if (!zip.contains(target)) {
      throw new TilesetException(Kind.MISSING_CONTENT, path, shown + " is not in the zip"
          + (target.equals(uri) ? "" : " (looked for " + target + ")"));
    }
    return target;
  }

  /** Stores a content file (once per zip path) and returns its stored name. */
  private String content(String path, String target, Reference reference) {
    String known = stored.get(target);
    if (known != null) {
      return known;
    }
    if (open.contains(target)) {
      throw invalid(path, reference.tile() + " content " + target + " is a tileset that refers back to itself "
          + "(a cycle of external tilesets)");
    }
    byte[] head = zip.peek(target, 64);
    String magic = new String(head, 0, Math.min(4, head.length), StandardCharsets.ISO_8859_1);
    if (magic.equals("b3dm") || magic.equals("glTF")) {
      Path part = staging.resolve(".part-" + parts++);
      ContentFile.Result result = ContentFile.check(zip, target, part);
      String name = name(result.sha256(), result.ext());
      try {
        if (staged.add(name)) {
          Files.move(part, staging.resolve(name));
          bytes += result.size();
        } else {
          Files.delete(part);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      stored.put(target, name);
      return name;
    }
    if (OTHER_FORMATS.containsKey(magic)) {
      throw new TilesetException(Kind.UNSUPPORTED_CONTENT, target, "is " + OTHER_FORMATS.get(magic) + " content; "
          + "only b3dm, glb and external tileset JSON are accepted");
    }
    if (startsLikeJson(head)) {
      return tileset(target, parseTileset(target));
    }
    throw new TilesetException(Kind.UNSUPPORTED_CONTENT, target, "is not b3dm, glb or a tileset JSON (it starts "
        + "with " + describe(head) + ")");
  }

  private static boolean startsLikeJson(byte[] head) {
    int i = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
    while (i < head.length && Character.isWhitespace(head[i])) {
      i++;
    }
    return i < head.length && head[i] == '{';
  }

  private static String describe(byte[] head) {
    if (head.length == 0) {
      return "nothing: it is empty";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(4, head.length); i++) {
      hex.append(String.format(Locale.ROOT, "%02x", head[i] & 0xff));
    }
    return "bytes " + hex;
  }

  private void boundingVolume(String path, JsonNode volume, String at) {
    if (!volume.isObject()) {
      throw invalid(path, at + " is not an object");
    }
    boolean any = false;
    if (volume.has("box")) {
      any = true;
      if (!numbers(volume.get("box"), 12)) {
        throw invalid(path, at + " box must be 12 numbers (centre and three half-axes)");
      }
    }
    if (volume.has("region")) {
      any = true;
      JsonNode r = volume.get("region");
      if (!numbers(r, 6)) {
        throw invalid(path, at + " region must be 6 numbers (west, south, east, north in radians, min and max height)");
      }
      double west = r.get(0).asDouble(), south = r.get(1).asDouble(), east = r.get(2).asDouble();
      double north = r.get(3).asDouble();
      if (Math.abs(west) > Math.PI || Math.abs(east) > Math.PI || Math.abs(south) > Math.PI / 2
          || Math.abs(north) > Math.PI / 2 || south > north || r.get(4).asDouble() > r.get(5).asDouble()) {
        throw invalid(path, at + " region " + r + " is out of range (radians: west, east in [-pi, pi], south <= north "
            + "in [-pi/2, pi/2]; min height <= max height)");
      }
      if (west > east) {
        throw invalid(path, at + " region crosses the antimeridian, which no district does");
      }
    }
    if (volume.has("sphere")) {
      any = true;
      if (!numbers(volume.get("sphere"), 4) || volume.get("sphere").get(3).asDouble() < 0) {
        throw invalid(path, at + " sphere must be 4 numbers (centre and a radius >= 0)");
      }
    }
    if (!any) {
      throw invalid(path, at + " has none of box, region, sphere");
    }
  }

  private static double requireGeometricError(String path, JsonNode node, String at) {
    JsonNode error = node.get("geometricError");
    if (error == null || !error.isNumber() || !(error.asDouble() >= 0) || Double.isInfinite(error.asDouble())) {
      throw invalid(path, at + " geometricError must be a number >= 0" + (error == null ? " (it is missing)"
          : " (it is " + error + ")"));
    }
    return error.asDouble();
  }

  private static boolean numbers(JsonNode node, int count) {
    if (node == null || !node.isArray() || node.size() != count) {
      return false;
    }
    for (JsonNode n : node) {
      if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
        return false;
      }
    }
    return true;
  }

  static double[] transform(JsonNode tile) {
    JsonNode t = tile.get("transform");
    if (t == null) {
      return null;
    }
    double[] m = new double[16];
    for (int i = 0; i < 16; i++) {
      m[i] = t.get(i).asDouble();
    }
    return m;
  }

  private static String percentDecode(String text, String path, String shown) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%') {
        if (i + 2 >= raw.length) {
          throw invalid(path, shown + " has a broken percent-encoding");
        }
        try {
          out.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
        } catch (NumberFormatException e) {
          throw invalid(path, shown + " has a broken percent-encoding");
        }
        i += 2;
      } else {
        out.write(raw[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static TilesetException invalid(String path, String message) {
    return new TilesetException(Kind.INVALID_TILESET, path, message);
  }

  static String name(String sha256Hex, String ext) {
    return sha256Hex.substring(0, 16) + "." + ext;
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
