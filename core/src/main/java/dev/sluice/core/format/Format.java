package dev.sluice.core.format;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Rows;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;

/**
 * How rows become bytes. Each format holds one row in memory at a time, and knows nothing of where
 * rows come from: it reads the columns and {@link dev.sluice.core.source.Value}s of {@link Rows}.
 */
public enum Format {
  /** One JSON object per line, {@code application/x-ndjson}. */
  NDJSON("application/x-ndjson", "ndjson"),
  /** RFC 4180 CSV with a header row, {@code text/csv}. */
  CSV("text/csv", "csv"),
  /** One JSON array of objects, {@code application/json}. */
  JSON("application/json", "json");

  private final String mediaType;
  private final String extension;

  Format(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The IANA media type, for Content-Type headers. */
  public String mediaType() {
    return mediaType;
  }

  /** The usual file extension, without the dot. */
  public String extension() {
    return extension;
  }

  /**
   * An encoder of {@code rows} (positioned before a row: before the first, or on any) into {@code
   * out}. It reads the columns and takes each column's value once, here; then each {@link
   * RowEncoder#write()} writes the row {@code rows} is on. Writes nothing yet.
   */
  public RowEncoder encoder(Rows rows, FormatOptions options, OutputStream out) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(out, "out");
    ByteWriter w = new ByteWriter(out);
    return switch (this) {
      case NDJSON -> new JsonRowEncoder(rows, w, false);
      case JSON -> new JsonRowEncoder(rows, w, true);
      case CSV -> new CsvRowEncoder(rows, w, options);
    };
  }

  /**
   * What {@code column} becomes in this format written with {@code options}: the mapping of {@code
   * docs/types.md} for one column, known before any row is read ({@code sluice export --dry-run}).
   * It asks the code the encoders ask to choose how to write each column ({@code Field.of} for the
   * text formats), so it says what an export writes.
   *
   * <p>A new format adds its case here, from the same choice its encoder makes per column.
   *
   * @throws IllegalArgumentException if the column's output type is not one of {@link Kind}'s
   *     labels
   */
  public Mapping describe(Column column, FormatOptions options) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(options, "options");
    Kind kind = Kind.valueOf(column.outputType().toUpperCase(Locale.ROOT));
    Field field = Field.of(kind);
    return switch (this) {
      case NDJSON, JSON -> field.jsonMapping(kind);
      case CSV -> field.csvMapping(kind, options);
    };
  }
}
