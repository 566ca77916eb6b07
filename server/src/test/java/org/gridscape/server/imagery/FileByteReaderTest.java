package org.gridscape.server.imagery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import mil.nga.tiff.io.ByteReader;
import mil.nga.tiff.util.TiffException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed reader answers every read exactly as mil.nga:tiff's in-memory reader does. */
class FileByteReaderTest {

  @TempDir
  Path dir;

  @Test
  void everyReadMatchesTheInMemoryReaderInBothByteOrders() throws IOException {
    byte[] bytes = new byte[200_000]; // larger than the window, so reads cross and refill it
    new Random(17).nextBytes(bytes);
    bytes[1000] = 0;
    Path file = dir.resolve("random.bin");
    Files.write(file, bytes);
    int[] offsets = {0, 1, 7, 1000, 65_530, 65_536, 131_071, 199_990};
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      try (FileByteReader onDisk = new FileByteReader(file)) {
        ByteReader inMemory = new ByteReader(bytes, order);
        onDisk.setByteOrder(order);
        assertThat(onDisk.byteLength()).isEqualTo(inMemory.byteLength());
        for (int offset : offsets) {
          assertThat(onDisk.readByte(offset)).isEqualTo(inMemory.readByte(offset));
          assertThat(onDisk.readUnsignedByte(offset)).isEqualTo(inMemory.readUnsignedByte(offset));
          assertThat(onDisk.readShort(offset)).isEqualTo(inMemory.readShort(offset));
          assertThat(onDisk.readUnsignedShort(offset)).isEqualTo(inMemory.readUnsignedShort(offset));
          assertThat(onDisk.readInt(offset)).isEqualTo(inMemory.readInt(offset));
          assertThat(onDisk.readUnsignedInt(offset)).isEqualTo(inMemory.readUnsignedInt(offset));
          assertThat(onDisk.readFloat(offset)).isEqualTo(inMemory.readFloat(offset));
          assertThat(onDisk.readDouble(offset)).isEqualTo(inMemory.readDouble(offset));
          assertThat(onDisk.readString(offset, 5)).isEqualTo(inMemory.readString(offset, 5));
          assertThat(onDisk.readBytes(offset, 10)).isEqualTo(inMemory.readBytes(offset, 10));
          assertThat(onDisk.hasBytes(offset, 10)).isEqualTo(inMemory.hasBytes(offset, 10));
        }
        assertThat(onDisk.readString(1000, 1)).isNull(); // a single NUL, as the library reads it
        assertThat(onDisk.readBytes(3, 150_000)).isEqualTo(inMemory.readBytes(3, 150_000));
        // sequential reads advance the position alike
        onDisk.setNextByte(65_533);
        inMemory.setNextByte(65_533);
        assertThat(onDisk.readInt()).isEqualTo(inMemory.readInt());
        assertThat(onDisk.readUnsignedShort()).isEqualTo(inMemory.readUnsignedShort());
        assertThat(onDisk.readDouble()).isEqualTo(inMemory.readDouble());
        assertThat(onDisk.readBytes(3)).isEqualTo(inMemory.readBytes(3));
        assertThat(onDisk.getNextByte()).isEqualTo(inMemory.getNextByte());
        assertThat(onDisk.hasBytes(199_999 - onDisk.getNextByte())).isTrue();
        assertThat(onDisk.hasBytes(1, 200_000)).isEqualTo(inMemory.hasBytes(1, 200_000));
      }
    }
  }

  @Test
  void readsBeyondTheEndFailAsTheLibraryExpects() throws IOException {
    Path file = dir.resolve("short.bin");
    Files.write(file, new byte[] {1, 2, 3});
    try (FileByteReader reader = new FileByteReader(file)) {
      assertThatThrownBy(() -> reader.readInt(0)).isInstanceOf(TiffException.class);
      assertThatThrownBy(() -> reader.setNextByte(3)).isInstanceOf(TiffException.class);
      assertThat(reader.hasByte(2)).isTrue();
      assertThat(reader.hasByte(3)).isFalse();
    }
  }
}
