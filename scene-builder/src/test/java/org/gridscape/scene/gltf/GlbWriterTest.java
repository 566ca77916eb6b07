package org.gridscape.scene.gltf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlbWriterTest {
  @Test
  void padsJsonWithSpacesAndBinWithZeros() {
    byte[] json = "{\"asset\":{\"version\":\"2.0\"},\"buffers\":[{\"byteLength\":5}]}".getBytes(StandardCharsets.UTF_8);
    byte[] bin = {1, 2, 3, 4, 5};
    byte[] glb = GlbWriter.write(json, bin);

    ByteBuffer in = ByteBuffer.wrap(glb).order(ByteOrder.LITTLE_ENDIAN);
    int jsonLength = in.getInt(12);
    assertThat(jsonLength).isEqualTo((json.length + 3) / 4 * 4);
    for (int i = 20 + json.length; i < 20 + jsonLength; i++) {
      assertThat(glb[i]).isEqualTo((byte) ' ');
    }
    int binLength = in.getInt(20 + jsonLength);
    assertThat(binLength).isEqualTo(8);
    assertThat(glb).hasSize(12 + 8 + jsonLength + 8 + 8);
    assertThat(glb[glb.length - 3]).isZero();
    assertThat(glb[glb.length - 4]).isEqualTo((byte) 5);
    // The test-side reader accepts it.
    assertThat(GlbFile.parse(glb).bin.remaining()).isEqualTo(5);
  }

  @Test
  void leavesOutTheBinChunkWhenThereIsNoBinary() {
    byte[] glb = GlbWriter.write("{}".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertThat(glb).hasSize(12 + 8 + 4);
  }
}
