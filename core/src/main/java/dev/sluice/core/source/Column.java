package dev.sluice.core.source;

/**
 * One column of a result, for formats, manifests and summaries.
 *
 * @param name the column label the database reports, as it appears in the output
 * @param sqlType the database's own type name ({@code int8}, {@code jsonb}, {@code LONGTEXT})
 * @param outputType how values are written, one of the names in {@code docs/types.md}, the {@link
 *     Kind#label()} of a column a source describes: {@code integer}, {@code decimal}, {@code
 *     float}, {@code boolean}, {@code string}, {@code date}, {@code time}, {@code timetz}, {@code
 *     timestamp}, {@code timestamptz}, {@code interval}, {@code uuid}, {@code json}, {@code array},
 *     {@code base64}, {@code dynamic}
 * @param precision the declared digits of a {@code decimal} column ({@code numeric(12,2)}: 12); 0
 *     when the type declares none (PostgreSQL's unconstrained {@code numeric}) or for other kinds
 * @param scale the declared digits after the point of a {@code decimal} column; 0 for other kinds
 */
public record Column(String name, String sqlType, String outputType, int precision, int scale) {
  /** A column without a declared precision. */
  public Column(String name, String sqlType, String outputType) {
    this(name, sqlType, outputType, 0, 0);
  }

  /** A column whose values are of {@code kind}. */
  public Column(String name, String sqlType, Kind kind) {
    this(name, sqlType, kind.label());
  }

  /** A column whose values are of {@code kind}, with the precision and scale it declares. */
  public Column(String name, String sqlType, Kind kind, int precision, int scale) {
    this(name, sqlType, kind.label(), precision, scale);
  }
}
