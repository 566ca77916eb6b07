package org.gridscape.server.ingest.shapefile;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a dBASE III table. Field types are inferred from the values: whole numbers become N(18,0),
 * other numbers N(24,8), booleans L, everything else C sized to its longest value (at most 254 bytes).
 * Field names are limited to 10 bytes in the chosen character set: longer names are cut on a character
 * boundary (four Chinese characters fit in GBK, three in UTF-8) and made unique.
 */
public final class DbfWriter {

  private static final int MAX_CHAR_FIELD = 254;
  private static final int LDID_GBK = 0x4D; // language driver id for code page 936

  private DbfWriter() {
  }

  /** A written field: the name as stored, the source property it holds, its type and width. */
  public record Column(String property, String storedName, char type, int length, int decimals) {
  }

  /** The columns that {@link #write} will use for these properties and rows. */
  public static List<Column> columns(List<String> properties, List<Map<String, Object>> rows, Charset charset) {
    List<Column> columns = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (String property : properties) {
      char type = 'N';
      boolean whole = true;
      boolean any = false;
      int maxBytes = 1;
      for (Map<String, Object> row : rows) {
        Object v = row.get(property);
        if (v == null) {
          continue;
        }
        if (v instanceof Boolean) {
          type = any && type != 'L' ? 'C' : 'L';
        } else if (v instanceof Number n) {
          if (type == 'L') {
            type = 'C';
          }
          if (!(n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte)) {
            whole = false;
          }
        } else {
          type = 'C';
        }
        any = true;
        maxBytes = Math.max(maxBytes, v.toString().getBytes(charset).length);
      }
      int length;
      int decimals = 0;
      if (type == 'C') {
        length = Math.min(MAX_CHAR_FIELD, maxBytes);
      } else if (type == 'L') {
        length = 1;
      } else if (whole) {
        length = 18;
      } else {
        length = 24;
        decimals = 8;
      }
      columns.add(new Column(property, uniqueName(property, charset, used), type, length, decimals));
    }
    return columns;
  }

  /** Writes the rows; values of each property are written in the column inferred by {@link #columns}. */
  public static byte[] write(List<String> properties, List<Map<String, Object>> rows, Charset charset) {
    List<Column> columns = columns(properties, rows, charset);
    int recordLength = 1;
    for (Column c : columns) {
      recordLength += c.length;
    }
    int headerLength = 32 + 32 * columns.size() + 1;
    ByteBuffer header = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) 0x03);
    // a fixed date keeps output deterministic (same input, same bytes)
    header.put((byte) 100).put((byte) 1).put((byte) 1);
    header.putInt(rows.size());
    header.putShort((short) headerLength);
    header.putShort((short) recordLength);
    header.position(29);
    header.put((byte) (charset.name().equals(DbfReader.GBK.name()) || charset.name().equals("GBK") ? LDID_GBK : 0));
    header.position(32);
    for (Column c : columns) {
      byte[] name = c.storedName.getBytes(charset);
      byte[] field = new byte[32];
      System.arraycopy(name, 0, field, 0, name.length);
      field[11] = (byte) c.type;
      field[16] = (byte) c.length;
      field[17] = (byte) c.decimals;
      header.put(field);
    }
    header.put((byte) 0x0D);
    ByteArrayOutputStream out = new ByteArrayOutputStream(headerLength + rows.size() * recordLength + 1);
    out.writeBytes(header.array());
    byte[] record = new byte[recordLength];
    for (Map<String, Object> row : rows) {
      java.util.Arrays.fill(record, (byte) ' ');
      int offset = 1;
      for (Column c : columns) {
        byte[] value = format(c, row.get(c.property), charset);
        if (c.type == 'C' || c.type == 'L') {
          System.arraycopy(value, 0, record, offset, Math.min(value.length, c.length));
        } else {
          // numbers are right-aligned
          System.arraycopy(value, 0, record, offset + c.length - value.length, value.length);
        }
        offset += c.length;
      }
      out.writeBytes(record);
    }
    out.write(0x1A);
    return out.toByteArray();
  }

  private static byte[] format(Column c, Object v, Charset charset) {
    if (v == null) {
      return new byte[0];
    }
    switch (c.type) {
      case 'L' -> {
        return new byte[] {(byte) (Boolean.TRUE.equals(v) ? 'T' : 'F')};
      }
      case 'N' -> {
        String text = c.decimals == 0
            ? Long.toString(((Number) v).longValue())
            : new BigDecimal(((Number) v).doubleValue()).setScale(c.decimals, java.math.RoundingMode.HALF_UP).toPlainString();
        if (text.length() > c.length) {
          throw new IllegalArgumentException("value " + v + " does not fit field " + c.storedName);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
      }
      default -> {
        return truncate(v.toString(), charset, c.length);
      }
    }
  }

  private static String uniqueName(String property, Charset charset, Set<String> used) {
    String base = new String(truncate(property, charset, 10), charset);
    if (base.isEmpty()) {
      base = "FIELD";
    }
    String name = base;
    for (int i = 1; !used.add(name.toLowerCase(Locale.ROOT)); i++) {
      String suffix = "_" + i;
      name = new String(truncate(base, charset, 10 - suffix.length()), charset) + suffix;
    }
    return name;
  }

  /** Encodes text, cutting it on a character boundary so no multi-byte character is split. */
  private static byte[] truncate(String text, Charset charset, int maxBytes) {
    byte[] all = text.getBytes(charset);
    if (all.length <= maxBytes) {
      return all;
    }
    int end = text.length();
    byte[] cut;
    do {
      end = text.offsetByCodePoints(end, -1);
      cut = text.substring(0, end).getBytes(charset);
    } while (cut.length > maxBytes);
    return cut;
  }
}
