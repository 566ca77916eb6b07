package org.gridscape.server.ingest.shapefile;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridscape.server.ingest.IngestException;

/**
 * Reads dBASE III/IV attribute tables (.dbf) as written by QGIS, ArcGIS and the Chinese GIS tools.
 *
 * <p>Character set: the .cpg file decides when present. Without one, text that is valid UTF-8 is read
 * as UTF-8 and anything else as GBK, because Chinese data without a .cpg almost always comes from
 * ArcGIS on a Chinese Windows (code page 936). ASCII reads the same either way.
 */
public final class DbfReader {

  /** GBK's superset; decoding GBK bytes as GB18030 gives the same text and handles the rarer characters. */
  static final Charset GBK = Charset.forName("GB18030");

  private DbfReader() {
  }

  private record Field(String name, char type, int offset, int length, int decimals) {
  }

  /**
   * @param name file name for error messages
   * @param cpg  contents of the .cpg file, or null
   * @throws IngestException 400 {@code malformed_file} for a table we cannot read
   */
  public static DbfTable read(String name, byte[] dbf, String cpg) {
    if (dbf.length < 32) {
      throw malformed(name, "shorter than the 32-byte header");
    }
    ByteBuffer buf = ByteBuffer.wrap(dbf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int records = buf.getInt(4);
    int headerLength = buf.getShort(8) & 0xFFFF;
    int recordLength = buf.getShort(10) & 0xFFFF;
    if (records < 0 || headerLength < 33 || headerLength > dbf.length || recordLength < 1) {
      throw malformed(name, "bad header");
    }
    List<Field> fields = new ArrayList<>();
    List<byte[]> rawNames = new ArrayList<>();
    int offset = 1; // byte 0 of each record is the deletion flag
    for (int pos = 32; pos + 32 <= headerLength && dbf[pos] != 0x0D; pos += 32) {
      int nameLength = 0;
      while (nameLength < 11 && dbf[pos + nameLength] != 0) {
        nameLength++;
      }
      byte[] rawName = new byte[nameLength];
      System.arraycopy(dbf, pos, rawName, 0, nameLength);
      rawNames.add(rawName);
      char type = (char) (dbf[pos + 11] & 0xFF);
      int length = dbf[pos + 16] & 0xFF;
      int decimals = dbf[pos + 17] & 0xFF;
      fields.add(new Field(null, type, offset, length, decimals));
      offset += length;
    }
    if (offset > recordLength) {
      throw malformed(name, "fields are longer than the record length");
    }
    long needed = headerLength + (long) records * recordLength;
    if (needed > dbf.length) {
      // a truncated file: read the complete records only, and say so through the shape/row count check
      records = (dbf.length - headerLength) / recordLength;
    }
    Charset charset = chooseCharset(cpg, dbf, headerLength, records, recordLength, rawNames);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      String fieldName = new String(rawNames.get(i), charset).trim();
      names.add(fieldName);
      fields.set(i, new Field(fieldName, f.type, f.offset, f.length, f.decimals));
    }
    List<Map<String, Object>> rows = new ArrayList<>(records);
    List<Boolean> deleted = new ArrayList<>(records);
    for (int r = 0; r < records; r++) {
      int base = headerLength + r * recordLength;
      deleted.add(dbf[base] == '*');
      Map<String, Object> row = new LinkedHashMap<>();
      for (Field f : fields) {
        row.put(f.name, value(name, f, dbf, base + f.offset, charset));
      }
      rows.add(row);
    }
    return new DbfTable(names, rows, deleted, charset);
  }

  private static Object value(String file, Field f, byte[] dbf, int start, Charset charset) {
    String text = new String(dbf, start, f.length, f.type == 'C' || f.type == 'M' ? charset : StandardCharsets.ISO_8859_1);
    switch (f.type) {
      case 'N', 'F' -> {
        String t = text.trim();
        if (t.isEmpty() || t.chars().allMatch(c -> c == '*' || c == '.')) {
          return null;
        }
        try {
          if (f.decimals == 0 && t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0 && t.length() < 19) {
            return Long.parseLong(t);
          }
          return Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw malformed(file, "field " + f.name + " holds '" + t + "', not a number");
        }
      }
      case 'L' -> {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("T") || t.equals("Y")) {
          return Boolean.TRUE;
        }
        if (t.equals("F") || t.equals("N")) {
          return Boolean.FALSE;
        }
        return null;
      }
      case 'D' -> {
        String t = text.trim();
        if (t.length() == 8 && t.chars().allMatch(Character::isDigit)) {
          return t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 8);
        }
        return null;
      }
      default -> {
        // character fields are padded with spaces (some writers pad with NULs)
        String t = text.replace('\0', ' ').strip();
        return t.isEmpty() ? null : t;
      }
    }
  }

  static Charset chooseCharset(String cpg, byte[] dbf, int headerLength, int records, int recordLength, List<byte[]> names) {
    if (cpg != null && !cpg.isBlank()) {
      Charset named = fromCpg(cpg.strip());
      if (named != null) {
        return named;
      }
    }
    for (byte[] n : names) {
      if (!isUtf8(n, 0, n.length)) {
        return GBK;
      }
    }
    int dataEnd = Math.min(dbf.length, headerLength + records * recordLength);
    return isUtf8(dbf, headerLength, dataEnd - headerLength) ? StandardCharsets.UTF_8 : GBK;
  }

  private static Charset fromCpg(String cpg) {
    String c = cpg.toUpperCase(Locale.ROOT).replace(" ", "").replace("_", "-");
    switch (c) {
      case "UTF-8", "UTF8", "65001" -> {
        return StandardCharsets.UTF_8;
      }
      case "GBK", "936", "CP936", "ANSI936", "MS936", "GB2312", "EUC-CN", "GB18030", "54936" -> {
        return GBK;
      }
      case "BIG5", "950", "CP950" -> {
        return Charset.forName("Big5");
      }
      case "ISO-8859-1", "LATIN1", "88591", "8859-1" -> {
        return StandardCharsets.ISO_8859_1;
      }
      default -> {
        try {
          return Charset.forName(cpg);
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
  }

  static boolean isUtf8(byte[] bytes, int offset, int length) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static IngestException malformed(String name, String why) {
    return new IngestException(IngestException.Kind.MALFORMED_FILE, name + ": " + why);
  }
}
