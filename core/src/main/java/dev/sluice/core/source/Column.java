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
 */
public record Column(String name, String sqlType, String outputType) {
  /** A column whose values are of {@code kind}. */
  public Column(String name, String sqlType, Kind kind) {
    this(name, sqlType, kind.label());
  }
}
