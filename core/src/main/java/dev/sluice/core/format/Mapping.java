package dev.sluice.core.format;

import java.util.Objects;

/**
 * What one column becomes in a format, as {@link Format#describe} tells it before an export runs
 * (for {@code sluice export --dry-run}). It comes from the code the encoders use to choose how to
 * write each column, so it says what an export writes.
 *
 * @param type the format's own type for the column. NDJSON and JSON: the JSON type of its values,
 *     {@code number}, {@code string}, {@code boolean}, {@code array}, {@code json} (any JSON value,
 *     embedded as it is) or {@code any} (each value by its own type). CSV: the text form of its
 *     fields, {@code integer}, {@code decimal}, {@code float}, {@code boolean}, {@code text},
 *     {@code date}, {@code time}, {@code timetz}, {@code timestamp}, {@code timestamptz}, {@code
 *     interval}, {@code uuid}, {@code json}, {@code array} (its JSON text), {@code base64}, {@code
 *     any}. A format that stores types names its own (Parquet: the physical and logical type).
 * @param form how the values are written, in words with an example, for people: {@code ISO-8601
 *     instant in UTC, 2024-06-01T06:30:00.5Z}
 */
public record Mapping(String type, String form) {
  public Mapping {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(form, "form");
  }
}
