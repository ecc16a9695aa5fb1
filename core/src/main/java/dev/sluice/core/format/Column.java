package dev.sluice.core.format;

/**
 * One column of an encoded result, for manifests and summaries.
 *
 * @param name the column label the database reports, as it appears in the output
 * @param sqlType the database's own type name ({@code int8}, {@code jsonb}, {@code LONGTEXT})
 * @param outputType how values are written, one of the names in {@code docs/types.md}:
 *     {@code integer}, {@code decimal}, {@code float}, {@code boolean}, {@code string},
 *     {@code date}, {@code time}, {@code timetz}, {@code timestamp}, {@code timestamptz},
 *     {@code interval}, {@code uuid}, {@code json}, {@code array}, {@code base64}, {@code dynamic}
 */
public record Column(String name, String sqlType, String outputType) {}
