package dev.sluice.core.source;

import java.util.Locale;

/**
 * What a column's values are, whatever database they come from: the output types of {@code
 * docs/types.md}. A format picks how to write a column from its kind, once per column; the {@link
 * Value} of each row then says in which {@link Value.Form} it holds the value.
 */
public enum Kind {
  /** A whole number, exact: a long, or digits when it may not fit one. */
  INTEGER,
  /** An exact decimal as plain digits, never through a double. */
  DECIMAL,
  /** A binary floating-point number; {@code NaN}, {@code Infinity}, {@code -Infinity} as text. */
  FLOAT,
  BOOLEAN,
  /** Text. */
  STRING,
  /** A calendar date: ISO-8601 text or a {@code LocalDate}. */
  DATE,
  /** A time of day without a zone: ISO-8601 text or a {@code LocalTime}. */
  TIME,
  /** A time of day with an offset: ISO-8601 text or an {@code OffsetTime}. */
  TIMETZ,
  /** A date and time without a zone: ISO-8601 text or a {@code LocalDateTime}. */
  TIMESTAMP,
  /** An instant: ISO-8601 text in UTC ({@code ...Z}), or an {@code OffsetDateTime} or Instant. */
  TIMESTAMPTZ,
  /** A duration as ISO-8601 text ({@code P1Y2M3DT4H}). */
  INTERVAL,
  /** A UUID as its canonical text. */
  UUID,
  /** JSON text the database has validated, or (SQLite) a value that may hold JSON text. */
  JSON,
  /** A list of values, possibly nested. */
  ARRAY,
  /** Binary data, written as base64. */
  BASE64,
  /** A value whose type is only known per value (SQLite, unknown types): a Java object. */
  DYNAMIC;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The lowercase name used in manifests and {@code docs/types.md}: {@code timestamptz}. */
  public String label() {
    return label;
  }
}
