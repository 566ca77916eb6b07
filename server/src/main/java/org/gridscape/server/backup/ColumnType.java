package org.gridscape.server.backup;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import org.gridscape.server.store.Database;

/**
 * The column types a bundle can hold, named the same whatever database wrote them, with the one text
 * form each value takes in a bundle's CSV. Every form reads back to the same value: doubles in Java's
 * shortest round-trip form, decimals in plain notation with their scale, binary as base64, timestamps
 * with time zone as UTC instants with all their stored digits (PostgreSQL keeps no offset anyway).
 */
enum ColumnType {
  TEXT, BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, NUMERIC, BINARY, DATE, TIME, TIMESTAMP, TIMESTAMPTZ;

  /**
   * The type of an {@code information_schema.columns.data_type} as H2 2.x or PostgreSQL spell it.
   *
   * @throws BackupException naming the column when the type is not one a bundle can hold losslessly
   */
  static ColumnType fromSqlType(String dataType, String table, String column) {
    String t = dataType == null ? "" : dataType.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "character varying", "varchar", "character", "char", "text", "character large object", "clob" -> TEXT;
      case "boolean" -> BOOLEAN;
      case "smallint", "tinyint" -> SMALLINT;
      case "integer", "int" -> INTEGER;
      case "bigint" -> BIGINT;
      case "real" -> REAL;
      case "double precision" -> DOUBLE;
      case "numeric", "decimal" -> NUMERIC;
      case "bytea", "binary varying", "varbinary", "binary", "binary large object", "blob" -> BINARY;
      case "date" -> DATE;
      case "time", "time without time zone" -> TIME;
      case "timestamp", "timestamp without time zone" -> TIMESTAMP;
      case "timestamp with time zone" -> TIMESTAMPTZ;
      default -> throw new BackupException("column " + table + "." + column + " has type '" + dataType
          + "', which backup does not know how to store losslessly; teach backup.ColumnType this type");
    };
  }

  /** A value as the database client returned it, in its bundle text form. */
  String encode(Object value) {
    if (value == null) {
      return null;
    }
    return switch (this) {
      case TEXT -> value.toString();
      case BOOLEAN -> Boolean.toString((Boolean) value);
      case SMALLINT, INTEGER, BIGINT -> Long.toString(((Number) value).longValue());
      case REAL -> Float.toString(((Number) value).floatValue());
      case DOUBLE -> Double.toString(((Number) value).doubleValue());
      case NUMERIC -> decimal(value).toPlainString();
      case BINARY -> Base64.getEncoder().encodeToString(bytes(value));
      case DATE -> value instanceof java.sql.Date d ? d.toLocalDate().toString() : ((LocalDate) value).toString();
      case TIME -> DateTimeFormatter.ISO_LOCAL_TIME.format(value instanceof java.sql.Time t ? t.toLocalTime()
          : (LocalTime) value);
      case TIMESTAMP -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value instanceof java.sql.Timestamp t
          ? t.toLocalDateTime() : (LocalDateTime) value);
      case TIMESTAMPTZ -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant(value));
    };
  }

  /**
   * A bundle text value as the bind value the database client wants.
   *
   * @throws IllegalArgumentException when the text is not a value of this type
   */
  Object decode(String text, Database.Kind kind) {
    if (text == null) {
      return null;
    }
    return switch (this) {
      case TEXT -> text;
      case BOOLEAN -> switch (text) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("not a boolean: '" + text + "'");
      };
      case SMALLINT -> Short.parseShort(text);
      case INTEGER -> Integer.parseInt(text);
      case BIGINT -> Long.parseLong(text);
      case REAL -> Float.parseFloat(text);
      case DOUBLE -> Double.parseDouble(text);
      case NUMERIC -> kind == Database.Kind.POSTGRESQL ? Numeric.create(new BigDecimal(text)) : new BigDecimal(text);
      case BINARY -> Buffer.buffer(Base64.getDecoder().decode(text));
      case DATE -> LocalDate.parse(text);
      case TIME -> LocalTime.parse(text);
      case TIMESTAMP -> LocalDateTime.parse(text);
      case TIMESTAMPTZ -> OffsetDateTime.parse(text);
    };
  }

  /** The name in manifests. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ColumnType fromLabel(String label) {
    for (ColumnType t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    throw new BackupException("the manifest names an unknown column type '" + label + "'");
  }

  static byte[] bytes(Object value) {
    if (value instanceof Buffer b) {
      return b.getBytes();
    }
    if (value instanceof byte[] b) {
      return b;
    }
    throw new IllegalStateException("a binary column returned " + value.getClass().getName());
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Numeric n) {
      if (n.isNaN()) {
        throw new BackupException("a numeric column holds NaN, which a bundle cannot restore on H2");
      }
      return n.bigDecimalValue();
    }
    return new BigDecimal(value.toString());
  }

  private static OffsetDateTime instant(Object value) {
    OffsetDateTime t = value instanceof java.sql.Timestamp ts ? ts.toInstant().atOffset(ZoneOffset.UTC)
        : (OffsetDateTime) value;
    return t.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
