package org.gridscape.server.imagery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import mil.nga.tiff.io.ByteReader;
import mil.nga.tiff.util.TiffException;

/**
 * The byte source of mil.nga:tiff over a file on disk instead of a byte array, so that the library
 * parses the directories and decodes tiles and strips on demand while the image itself stays on
 * disk: reads go through one small window buffer (directory values) or straight to the file (a
 * tile's or strip's bytes). Positions are ints because the library's are, so files up to 2 GiB.
 * Every public method of {@link ByteReader} is overridden; the base array is empty and unused.
 * Not thread-safe, like the reader it replaces.
 */
final class FileByteReader extends ByteReader implements AutoCloseable {

  /** Largest file the library can address (its offsets are Java ints). */
  static final long MAX_BYTES = Integer.MAX_VALUE;
  private static final int WINDOW = 64 * 1024;

  private final FileChannel channel;
  private final int length;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart = -1;
  private int windowLength;
  private int next;
  private ByteOrder order = ByteOrder.BIG_ENDIAN;

  FileByteReader(Path file) throws IOException {
    super(new byte[0]);
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    long size = channel.size();
    if (size > MAX_BYTES) {
      channel.close();
      throw new IOException("file is larger than 2 GiB");
    }
    this.length = (int) size;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public int getNextByte() {
    return next;
  }

  @Override
  public void setNextByte(long nextByte) {
    if (nextByte < 0 || nextByte >= length) {
      throw new TiffException("byte offset " + nextByte + " is outside the file of " + length + " bytes");
    }
    next = (int) nextByte;
  }

  @Override
  public ByteOrder getByteOrder() {
    return order;
  }

  @Override
  public void setByteOrder(ByteOrder byteOrder) {
    order = byteOrder;
  }

  @Override
  public boolean hasByte() {
    return hasBytes(next, 1);
  }

  @Override
  public boolean hasByte(int offset) {
    return hasBytes(offset, 1);
  }

  @Override
  public boolean hasBytes(int count) {
    return hasBytes(next, count);
  }

  @Override
  public boolean hasBytes(int offset, int count) {
    return offset >= 0 && count >= 0 && (long) offset + count <= length;
  }

  @Override
  public String readString(int num) {
    String value = readString(next, num);
    next += num;
    return value;
  }

  @Override
  public String readString(int offset, int num) {
    byte[] bytes = readBytes(offset, num);
    return num == 1 && bytes[0] == 0 ? null : new String(bytes, StandardCharsets.US_ASCII);
  }

  @Override
  public byte readByte() {
    byte value = readByte(next);
    next += 1;
    return value;
  }

  @Override
  public byte readByte(int offset) {
    return slice(offset, 1).get();
  }

  @Override
  public short readUnsignedByte() {
    short value = readUnsignedByte(next);
    next += 1;
    return value;
  }

  @Override
  public short readUnsignedByte(int offset) {
    return (short) (readByte(offset) & 0xff);
  }

  @Override
  public byte[] readBytes(int num) {
    byte[] value = readBytes(next, num);
    next += num;
    return value;
  }

  @Override
  public byte[] readBytes(int offset, int num) {
    verify(offset, num);
    byte[] out = new byte[num];
    if (num <= WINDOW) {
      slice(offset, num).get(out);
      return out;
    }
    ByteBuffer target = ByteBuffer.wrap(out);
    try {
      long position = offset;
      while (target.hasRemaining()) {
        int read = channel.read(target, position);
        if (read < 0) {
          throw new TiffException("unexpected end of file at " + position);
        }
        position += read;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public short readShort() {
    short value = readShort(next);
    next += 2;
    return value;
  }

  @Override
  public short readShort(int offset) {
    return slice(offset, 2).getShort();
  }

  @Override
  public int readUnsignedShort() {
    int value = readUnsignedShort(next);
    next += 2;
    return value;
  }

  @Override
  public int readUnsignedShort(int offset) {
    return readShort(offset) & 0xffff;
  }

  @Override
  public int readInt() {
    int value = readInt(next);
    next += 4;
    return value;
  }

  @Override
  public int readInt(int offset) {
    return slice(offset, 4).getInt();
  }

  @Override
  public long readUnsignedInt() {
    long value = readUnsignedInt(next);
    next += 4;
    return value;
  }

  @Override
  public long readUnsignedInt(int offset) {
    return readInt(offset) & 0xffffffffL;
  }

  @Override
  public float readFloat() {
    float value = readFloat(next);
    next += 4;
    return value;
  }

  @Override
  public float readFloat(int offset) {
    return slice(offset, 4).getFloat();
  }

  @Override
  public double readDouble() {
    double value = readDouble(next);
    next += 8;
    return value;
  }

  @Override
  public double readDouble(int offset) {
    return slice(offset, 8).getDouble();
  }

  @Override
  public int byteLength() {
    return length;
  }

  private void verify(int offset, int num) {
    if (!hasBytes(offset, num)) {
      throw new TiffException("requested " + num + " bytes at " + offset + " of a file of " + length + " bytes");
    }
  }

  /** The window buffer positioned at {@code offset} with {@code num} bytes readable, in the byte order. */
  private ByteBuffer slice(int offset, int num) {
    verify(offset, num);
    if (windowStart < 0 || offset < windowStart || offset + num > windowStart + windowLength) {
      fill(offset);
    }
    ByteBuffer view = window.duplicate().order(order);
    view.limit((int) (offset - windowStart) + num).position((int) (offset - windowStart));
    return view;
  }

  private void fill(int offset) {
    window.clear();
    window.limit((int) Math.min(WINDOW, length - (long) offset));
    try {
      long position = offset;
      while (window.hasRemaining()) {
        int read = channel.read(window, position);
        if (read < 0) {
          break;
        }
        position += read;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    windowStart = offset;
    windowLength = window.position();
  }
}
