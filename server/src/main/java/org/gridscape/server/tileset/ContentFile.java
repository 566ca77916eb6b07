package org.gridscape.server.tileset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.gridscape.server.tileset.TilesetException.Kind;

/**
 * Checks one binary content file (b3dm or glb) of a tileset while copying it out of the zip: the
 * bytes are read once, in order, into a staging file and a SHA-256, and the headers are checked on
 * the way (3D Tiles b3dm header, glTF 2.0 binary header, the glTF JSON chunk, no external
 * buffers or images).
 */
final class ContentFile implements Closeable {

  static final int GLTF = 0x46546C67; // "glTF" read little-endian
  static final int B3DM = 0x6D643362; // "b3dm"
  private static final int JSON_CHUNK = 0x4E4F534A; // "JSON"
  private static final int MAX_JSON = 64 << 20;

  /** A checked, staged content file: its kind ("glb" or "b3dm"), SHA-256 (hex) and size. */
  record Result(String ext, String sha256, long size) {}

  private final String path;
  private final InputStream in;
  private final OutputStream out;
  private final MessageDigest digest;
  private long position;

  private ContentFile(String path, InputStream in, Path staging) throws IOException {
    this.path = path;
    this.in = in;
    this.out = Files.newOutputStream(staging);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Checks the entry {@code path} of the zip and copies it to {@code staging}. */
  static Result check(TilesetZip zip, String path, Path staging) {
    long size = zip.size(path);
    try (ContentFile file = new ContentFile(path, zip.open(path), staging)) {
      int magic = file.int32(file.read(4, "the header"), 0);
      String ext;
      if (magic == B3DM) {
        file.b3dm(size);
        ext = "b3dm";
      } else if (magic == GLTF) {
        file.glb(size, true);
        ext = "glb";
      } else {
        throw new IllegalStateException("not a b3dm or glb: " + path);
      }
      file.skip(Long.MAX_VALUE);
      if (file.position != size) {
        throw file.invalid("the zip declares " + size + " bytes but holds " + file.position);
      }
      return new Result(ext, HexFormat.of().formatHex(file.digest.digest()), file.position);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void b3dm(long size) throws IOException {
    ByteBuffer h = ByteBuffer.wrap(read(24, "the b3dm header")).order(ByteOrder.LITTLE_ENDIAN);
    long version = Integer.toUnsignedLong(h.getInt(0));
    long byteLength = Integer.toUnsignedLong(h.getInt(4));
    long[] tables = new long[4];
    for (int i = 0; i < 4; i++) {
      tables[i] = Integer.toUnsignedLong(h.getInt(8 + 4 * i));
    }
    if (version != 1) {
      throw invalid("b3dm version " + version + "; only version 1 exists");
    }
    if (byteLength != size) {
      throw invalid("the b3dm header's byteLength is " + byteLength + " but the file has " + size + " bytes");
    }
    long glbStart = 28 + tables[0] + tables[1] + tables[2] + tables[3];
    if (glbStart > byteLength) {
      throw invalid("the b3dm feature and batch tables (" + (glbStart - 28) + " bytes) run past the end of the file ("
          + byteLength + " bytes)");
    }
    if (tables[0] > 0) {
      if (tables[0] > MAX_JSON) {
        throw invalid("the b3dm feature table JSON is larger than 64 MiB");
      }
      JsonNode table = parse(read((int) tables[0], "the feature table JSON"), "the b3dm feature table JSON");
      if (!table.isObject()) {
        throw invalid("the b3dm feature table JSON is not an object");
      }
    }
    skip(glbStart - position);
    if (byteLength - glbStart < 12) {
      throw invalid("the b3dm holds no embedded glTF after its tables");
    }
    if (int32(read(4, "the embedded glTF"), 0) != GLTF) {
      throw invalid("the b3dm's embedded model (at byte " + glbStart + ") does not start with 'glTF'");
    }
    glb(byteLength - glbStart, false);
  }

  /** A GLB whose magic has been read; {@code available} bytes from the magic to the end of the file. */
  private void glb(long available, boolean standalone) throws IOException {
    String what = standalone ? "the glb" : "the b3dm's embedded glb";
    ByteBuffer h = ByteBuffer.wrap(read(16, what + " header")).order(ByteOrder.LITTLE_ENDIAN);
    long version = Integer.toUnsignedLong(h.getInt(0));
    long length = Integer.toUnsignedLong(h.getInt(4));
    long chunkLength = Integer.toUnsignedLong(h.getInt(8));
    int chunkType = h.getInt(12);
    if (version != 2) {
      throw invalid(what + " is glTF version " + version + "; only glTF 2.0 is accepted");
    }
    if (standalone ? length != available : length > available || length < 20) {
      throw invalid(what + " header's length is " + length + " but " + (standalone ? "the file has " : "only ")
          + available + " bytes" + (standalone ? "" : " follow the b3dm tables"));
    }
    if (chunkType != JSON_CHUNK) {
      throw invalid(what + "'s first chunk is not its JSON chunk");
    }
    if (chunkLength > length - 20 || chunkLength > MAX_JSON) {
      throw invalid(what + "'s JSON chunk (" + chunkLength + " bytes) does not fit in it");
    }
    JsonNode gltf = parse(read((int) chunkLength, what + " JSON chunk"), what + " JSON chunk");
    if (!gltf.isObject() || !gltf.path("asset").path("version").asText("").startsWith("2.")) {
      throw invalid(what + "'s JSON has no asset.version 2.x");
    }
    for (String kind : new String[] {"buffers", "images"}) {
      JsonNode list = gltf.path(kind);
      for (int i = 0; i < list.size(); i++) {
        JsonNode uri = list.get(i).get("uri");
        if (uri != null && !(uri.isTextual() && uri.asText().startsWith("data:"))) {
          throw new TilesetException(Kind.EXTERNAL_RESOURCE, path, what + "'s " + kind.substring(0, kind.length() - 1)
              + " " + i + " refers to the external file '" + abbreviate(uri.asText()) + "'; only self-contained "
              + "models are accepted: embed " + kind + " in the glb (its binary chunk or data: URIs)");
        }
      }
    }
  }

  private JsonNode parse(byte[] json, String what) {
    try {
      return TilesetChecker.MAPPER.readTree(json);
    } catch (IOException e) {
      throw invalid(what + " is not JSON (" + TilesetChecker.firstLine(e.getMessage()) + ")");
    }
  }

  private byte[] read(int n, String what) throws IOException {
    byte[] bytes = in.readNBytes(n);
    copy(bytes, bytes.length);
    if (bytes.length < n) {
      throw invalid("the file ends at byte " + position + ", inside " + what);
    }
    return bytes;
  }

  private void skip(long n) throws IOException {
    byte[] buffer = new byte[65536];
    long left = n;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        return;
      }
      copy(buffer, read);
      left -= read;
    }
  }

  private void copy(byte[] bytes, int n) throws IOException {
    out.write(bytes, 0, n);
    digest.update(bytes, 0, n);
    position += n;
  }

  private int int32(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private TilesetException invalid(String message) {
    return new TilesetException(Kind.INVALID_CONTENT, path, message);
  }

  static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      in.close();
    }
  }
}
