package dev.sluice.core.format;

import dev.sluice.core.format.parquet.ParquetEncoder;
import dev.sluice.core.format.parquet.ParquetTypes;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Rows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * How rows become bytes. Each text format holds one row in memory at a time, Parquet one row group
 * (its pages, compressed, up to {@link dev.sluice.core.format.parquet.ParquetOptions#rowGroupBytes
 * a cap}); none knows where rows come from: it reads the columns and {@link
 * dev.sluice.core.source.Value}s of {@link Rows}.
 */
public enum Format {
  /** One JSON object per line, {@code application/x-ndjson}. */
  NDJSON("application/x-ndjson", "ndjson"),
  /** RFC 4180 CSV with a header row, {@code text/csv}. */
  CSV("text/csv", "csv"),
  /** One JSON array of objects, {@code application/json}. */
  JSON("application/json", "json"),
  /**
   * Apache Parquet, {@code application/vnd.apache.parquet}: typed columns, compressed by its own
   * page codec ({@link dev.sluice.core.format.parquet.ParquetOptions}), written one row group at a
   * time.
   */
  PARQUET("application/vnd.apache.parquet", "parquet");

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
    if (this == PARQUET) {
      try {
        return ParquetEncoder.of(rows, options.parquet(), out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ByteWriter w = new ByteWriter(out);
    return switch (this) {
      case NDJSON -> new JsonRowEncoder(rows, w, false);
      case JSON -> new JsonRowEncoder(rows, w, true);
      case CSV -> new CsvRowEncoder(rows, w, options);
      case PARQUET -> throw new AssertionError();
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
    if (this == PARQUET) {
      var type = ParquetTypes.describe(column);
      return new Mapping(type, ParquetTypes.form(type));
    }
    Kind kind = Kind.valueOf(column.outputType().toUpperCase(Locale.ROOT));
    Field field = Field.of(kind);
    return switch (this) {
      case NDJSON, JSON -> field.jsonMapping(kind);
      case CSV -> field.csvMapping(kind, options);
      case PARQUET -> throw new AssertionError();
    };
  }

  /** Whether the format compresses itself (Parquet's pages), so no compression goes around it. */
  public boolean compressesItself() {
    return this == PARQUET;
  }
}
