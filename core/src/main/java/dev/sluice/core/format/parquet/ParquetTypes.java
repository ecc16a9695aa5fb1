package dev.sluice.core.format.parquet;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Kind;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet type of each column: the mapping of {@code docs/types.md}, in code. The schema the
 * encoder writes and {@link #describe} (what {@code --dry-run} prints) come from the same {@link
 * #type}, so what is shown is what is written. Every column is optional (nullable).
 *
 * <p>The column's {@link Kind} decides, with the database's type name where the kind spans several
 * Parquet types (integer widths, float or double, SQLite's declared types) and the declared
 * precision and scale of a decimal. Types Parquet has no type for (interval, time with a time zone,
 * PostgreSQL's ranges, network and geometric types) are STRING, holding the text the other formats
 * write.
 */
public final class ParquetTypes {
  /** The DECIMAL of a numeric that declares no precision (PostgreSQL's {@code numeric}). */
  static final int FREE_PRECISION = 38;

  static final int FREE_SCALE = 18;

  private static final Pattern DECIMAL_TYPE = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\).*");
  private static final Pattern SMALL_INT = Pattern.compile("INT(\\d+) as INT32");

  private ParquetTypes() {}

  /**
   * What {@code column} becomes in Parquet, as {@code --dry-run} shows it: {@code INT64}, {@code
   * DECIMAL(12,2) as INT64}, {@code TIMESTAMP(MICROS, UTC)}, {@code STRING}, {@code LIST<INT32>}.
   */
  public static String describe(Column column) {
    return describe(type(column));
  }

  /**
   * How a Parquet reader sees the values of a column {@link #describe} described, in words for
   * people ({@code --dry-run}'s "how" column): {@code instant, microseconds since 1970 (UTC)}.
   */
  public static String form(String described) {
    if (described.startsWith("LIST<") && described.endsWith(">")) {
      return "list of " + form(described.substring(5, described.length() - 1));
    }
    var decimal = DECIMAL_TYPE.matcher(described);
    if (decimal.matches()) {
      return "exact decimal, "
          + decimal.group(1)
          + " digits, "
          + decimal.group(2)
          + " after the point";
    }
    var integer = SMALL_INT.matcher(described);
    if (integer.matches()) {
      return integer.group(1) + "-bit signed integer";
    }
    return switch (described) {
      case "INT64" -> "64-bit signed integer";
      case "INT32" -> "32-bit signed integer";
      case "DOUBLE" -> "64-bit float";
      case "FLOAT" -> "32-bit float";
      case "BOOLEAN" -> "true or false";
      case "STRING" -> "UTF-8 text";
      case "JSON" -> "JSON document as UTF-8 text";
      case "UUID" -> "UUID, 16 bytes";
      case "BINARY" -> "bytes";
      case "DATE" -> "date, days since 1970-01-01";
      case "TIMESTAMP(MICROS, UTC)" -> "instant, microseconds since 1970 (UTC)";
      case "TIMESTAMP(MICROS, local)" -> "local date and time, microseconds, no time zone";
      case "TIME(MICROS)" -> "time of day, microseconds";
      default -> described;
    };
  }

  /** The schema of a file of {@code columns}, in order. */
  static MessageType schema(List<Column> columns) {
    var types = columns.stream().map(ParquetTypes::type).toList();
    return new MessageType("sluice", types.toArray(Type[]::new));
  }

  /** The optional Parquet field of {@code column}, named as the column. */
  static Type type(Column column) {
    var kind = Kind.valueOf(column.outputType().toUpperCase(Locale.ROOT));
    var sql = column.sqlType() == null ? "" : column.sqlType().toLowerCase(Locale.ROOT);
    if (kind == Kind.ARRAY) {
      var element = primitive(Element.kind(sql), Element.type(sql), 0, 0, "element");
      return Types.optionalList().element(element).named(column.name());
    }
    return primitive(kind, sql, column.precision(), column.scale(), column.name());
  }

  private static PrimitiveType primitive(
      Kind kind, String sql, int precision, int scale, String name) {
    var b =
        switch (kind) {
          case INTEGER -> integer(sql);
          case DECIMAL -> decimal(precision, scale);
          case FLOAT ->
              sql.equals("float4") || sql.equals("real") || sql.equals("float")
                  ? Types.optional(FLOAT)
                  : Types.optional(DOUBLE);
          case BOOLEAN -> Types.optional(BOOLEAN);
          case DATE -> Types.optional(INT32).as(LogicalTypeAnnotation.dateType());
          case TIME -> Types.optional(INT64).as(LogicalTypeAnnotation.timeType(false, micros()));
          case TIMESTAMP ->
              Types.optional(INT64).as(LogicalTypeAnnotation.timestampType(false, micros()));
          case TIMESTAMPTZ ->
              Types.optional(INT64).as(LogicalTypeAnnotation.timestampType(true, micros()));
          case UUID ->
              Types.optional(FIXED_LEN_BYTE_ARRAY).length(16).as(LogicalTypeAnnotation.uuidType());
          case JSON -> Types.optional(BINARY).as(LogicalTypeAnnotation.jsonType());
          case BASE64 -> Types.optional(BINARY);
          case DYNAMIC -> dynamic(sql);
          case STRING, TIMETZ, INTERVAL, ARRAY ->
              Types.optional(BINARY).as(LogicalTypeAnnotation.stringType());
        };
    return b.named(name);
  }

  private static TimeUnit micros() {
    return TimeUnit.MICROS;
  }

  /** Integers by the width their type declares; 64 bits when it declares none. */
  private static Types.PrimitiveBuilder<PrimitiveType> integer(String sql) {
    if (sql.contains("unsigned")) {
      // MariaDB: BIGINT UNSIGNED needs all 64 bits unsigned; the narrower ones fit a signed INT64.
      return sql.startsWith("bigint")
          ? Types.optional(INT64).as(LogicalTypeAnnotation.intType(64, false))
          : Types.optional(INT64);
    }
    return switch (sql) {
      case "tinyint" -> Types.optional(INT32).as(LogicalTypeAnnotation.intType(8, true));
      case "int2", "smallint", "year" ->
          Types.optional(INT32).as(LogicalTypeAnnotation.intType(16, true));
      case "int4", "int", "integer", "mediumint", "serial" -> Types.optional(INT32);
      default -> Types.optional(INT64);
    };
  }

  /**
   * DECIMAL(p,s) in the smallest physical type that holds p digits. A numeric that declares no
   * precision, or more than 38 (the most DuckDB, Spark and Arrow read as a decimal), gets 38 digits
   * and its own scale, or 18 when it declares none: a value that does not fit fails the export
   * rather than being rounded.
   */
  private static Types.PrimitiveBuilder<PrimitiveType> decimal(int precision, int scale) {
    int p = precision;
    int s = scale;
    if (p <= 0) {
      p = FREE_PRECISION;
      s = FREE_SCALE;
    } else if (p > FREE_PRECISION) {
      p = FREE_PRECISION;
      s = Math.min(scale, FREE_PRECISION);
    }
    var annotation = LogicalTypeAnnotation.decimalType(s, p);
    if (p <= 9) {
      return Types.optional(INT32).as(annotation);
    }
    if (p <= 18) {
      return Types.optional(INT64).as(annotation);
    }
    return Types.optional(FIXED_LEN_BYTE_ARRAY).length(bytesFor(p)).as(annotation);
  }

  /** The fewest bytes whose two's complement holds every number of {@code p} digits. */
  static int bytesFor(int p) {
    var max = java.math.BigInteger.TEN.pow(p);
    return (max.bitLength() + 1 + 7) / 8;
  }

  /**
   * SQLite's declared type, by SQLite's own affinity rules: INT anywhere is an integer; REAL, FLOA,
   * DOUB a double; BLOB a binary; the rest (TEXT, dates, NUMERIC, no type at all) text, since
   * SQLite stores them as text or as whichever number it parsed. Other drivers' own types are text.
   */
  private static Types.PrimitiveBuilder<PrimitiveType> dynamic(String sql) {
    if (sql.contains("int") && !sql.contains("interval") && !sql.contains("point")) {
      return Types.optional(INT64);
    }
    if (sql.contains("real") || sql.contains("floa") || sql.contains("doub")) {
      return Types.optional(DOUBLE);
    }
    if (sql.equals("blob")) {
      return Types.optional(BINARY);
    }
    return Types.optional(BINARY).as(LogicalTypeAnnotation.stringType());
  }

  static String describe(Type type) {
    if (!type.isPrimitive()) {
      // LIST: optional group (LIST) { repeated group list { optional element } }.
      GroupType list = type.asGroupType().getType(0).asGroupType();
      return "LIST<" + describe(list.getType(0)) + ">";
    }
    var p = type.asPrimitiveType();
    var physical =
        p.getPrimitiveTypeName() == FIXED_LEN_BYTE_ARRAY
            ? "FIXED_LEN_BYTE_ARRAY(" + p.getTypeLength() + ")"
            : p.getPrimitiveTypeName().name();
    var a = p.getLogicalTypeAnnotation();
    if (a == null) {
      return physical;
    }
    if (a instanceof DecimalLogicalTypeAnnotation d) {
      return "DECIMAL(" + d.getPrecision() + "," + d.getScale() + ") as " + physical;
    }
    if (a instanceof IntLogicalTypeAnnotation i) {
      return (i.isSigned() ? "INT" : "UINT") + i.getBitWidth() + " as " + physical;
    }
    if (a instanceof TimestampLogicalTypeAnnotation t) {
      return "TIMESTAMP(" + t.getUnit() + (t.isAdjustedToUTC() ? ", UTC)" : ", local)");
    }
    if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation t) {
      return "TIME(" + t.getUnit() + ")";
    }
    if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
      return "STRING";
    }
    return a.toString().replaceAll("\\(.*", "");
  }
}
