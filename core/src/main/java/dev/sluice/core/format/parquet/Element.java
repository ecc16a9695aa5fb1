package dev.sluice.core.format.parquet;

import dev.sluice.core.source.Kind;

/**
 * The element type of an array column, from the database's name for the array type: PostgreSQL
 * names {@code int4[]} {@code _int4}, H2 {@code INTEGER ARRAY}. An element type this does not know
 * is text, as the text formats write it.
 */
final class Element {
  private Element() {}

  /** The element's own type name: {@code _int4} is {@code int4}. */
  static String type(String arraySql) {
    if (arraySql.startsWith("_")) {
      return arraySql.substring(1);
    }
    if (arraySql.endsWith(" array")) {
      return arraySql.substring(0, arraySql.length() - " array".length()).trim();
    }
    if (arraySql.endsWith("[]")) {
      return arraySql.substring(0, arraySql.length() - 2);
    }
    return "";
  }

  /** The element's kind. */
  static Kind kind(String arraySql) {
    var t = type(arraySql).replaceAll("\\(.*\\)", "").trim();
    return switch (t) {
      case "int2", "int4", "int8", "smallint", "integer", "int", "bigint", "tinyint" ->
          Kind.INTEGER;
      case "float4", "float8", "real", "double precision", "double", "float" -> Kind.FLOAT;
      case "numeric", "decimal", "numeric unconstrained" -> Kind.DECIMAL;
      case "bool", "boolean" -> Kind.BOOLEAN;
      case "uuid" -> Kind.UUID;
      case "date" -> Kind.DATE;
      case "time", "time without time zone" -> Kind.TIME;
      case "timestamp", "timestamp without time zone" -> Kind.TIMESTAMP;
      case "timestamptz", "timestamp with time zone" -> Kind.TIMESTAMPTZ;
      case "bytea", "binary varying", "varbinary", "blob" -> Kind.BASE64;
      default -> Kind.STRING;
    };
  }
}
