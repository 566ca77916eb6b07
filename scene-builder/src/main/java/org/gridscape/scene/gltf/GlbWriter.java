package org.gridscape.scene.gltf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes a glTF JSON document and its binary buffer as GLB (binary glTF 2.0). */
public final class GlbWriter {
  public static final int MAGIC = 0x46546C67; // "glTF"
  public static final int VERSION = 2;
  public static final int CHUNK_JSON = 0x4E4F534A; // "JSON"
  public static final int CHUNK_BIN = 0x004E4942; // "BIN\0"

  private GlbWriter() {}

  /**
   * 12-byte header, JSON chunk padded with spaces to 4 bytes, BIN chunk (if any) padded with
   * zeros to 4 bytes, as the GLB spec requires.
   */
  public static byte[] write(byte[] json, byte[] bin) {
    int jsonLength = pad4(json.length);
    int binLength = bin.length == 0 ? 0 : pad4(bin.length);
    int total = 12 + 8 + jsonLength + (bin.length == 0 ? 0 : 8 + binLength);
    ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putInt(VERSION).putInt(total);
    out.putInt(jsonLength).putInt(CHUNK_JSON).put(json);
    for (int i = json.length; i < jsonLength; i++) {
      out.put((byte) ' ');
    }
    if (bin.length > 0) {
      out.putInt(binLength).putInt(CHUNK_BIN).put(bin);
      // the remaining bytes are already zero
    }
    return out.array();
  }

  static int pad4(int length) {
    return (length + 3) & ~3;
  }
}
