package dev.sluice.core.format;

import dev.sluice.core.format.parquet.ParquetOptions;
import dev.sluice.core.source.CsvDialect;
import dev.sluice.core.source.Cursor;
import java.util.Objects;

/**
 * Settings for the text of a format. The CSV settings are ignored by NDJSON and JSON, the Parquet
 * settings by every format but Parquet.
 *
 * <p>The defaults follow what PostgreSQL's {@code COPY ... (FORMAT csv)} writes: comma, NULL as an
 * empty unquoted field (an empty string is written as {@code ""}), a header row, and lines ending
 * in {@code \n}. RFC 4180 asks for CRLF; {@link #CRLF} gives it.
 *
 * @param csvDelimiter the field separator: a printable ASCII character, or tab, that cannot occur
 *     in an unquoted number, date, time or base64 value (so not a letter, a digit, a quote, CR, LF,
 *     or one of {@code - + . : / =})
 * @param csvNull the text of a NULL field; a string value equal to it is quoted to keep it apart.
 *     It cannot hold the delimiter, a quote, CR or LF
 * @param csvHeader whether the first CSV line names the columns
 * @param lineEnding what ends each CSV line: {@link #LF} or {@link #CRLF}. NDJSON and JSON lines
 *     always end in {@code \n}, as the NDJSON specification writes them
 * @param parquet Parquet's page codec and row group size
 */
public record FormatOptions(
    char csvDelimiter,
    String csvNull,
    boolean csvHeader,
    String lineEnding,
    ParquetOptions parquet) {
  public static final String LF = "\n";
  public static final String CRLF = "\r\n";

  private static final FormatOptions DEFAULTS =
      new FormatOptions(',', "", true, LF, ParquetOptions.defaults());

  public FormatOptions {
    Objects.requireNonNull(csvNull, "csvNull");
    Objects.requireNonNull(parquet, "parquet");
    Objects.requireNonNull(lineEnding, "lineEnding");
    if (csvDelimiter != '\t'
        && (csvDelimiter < ' '
            || csvDelimiter > '~'
            || Character.isLetterOrDigit(csvDelimiter)
            || "\"-+.:/=".indexOf(csvDelimiter) >= 0)) {
      throw new IllegalArgumentException(
          "csv delimiter must be tab or ASCII punctuation other than \" - + . : / =: "
              + printable(String.valueOf(csvDelimiter)));
    }
    for (int i = 0; i < csvNull.length(); i++) {
      char c = csvNull.charAt(i);
      if (c == csvDelimiter || c == '"' || c == '\r' || c == '\n') {
        throw new IllegalArgumentException(
            "csv null string holds the delimiter, a quote, CR or LF: " + printable(csvNull));
      }
    }
    if (!lineEnding.equals(LF) && !lineEnding.equals(CRLF)) {
      throw new IllegalArgumentException(
          "line ending must be \\n or \\r\\n: " + printable(lineEnding));
    }
  }

  /** The CSV settings, with Parquet's defaults. */
  public FormatOptions(char csvDelimiter, String csvNull, boolean csvHeader, String lineEnding) {
    this(csvDelimiter, csvNull, csvHeader, lineEnding, ParquetOptions.defaults());
  }

  /** What a source needs to know of the CSV these options write ({@link Cursor#csv}). */
  public CsvDialect csvDialect() {
    return new CsvDialect(csvDelimiter, csvNull);
  }

  /** Comma, NULL as an empty field, a header row, {@code \n} line endings; Parquet zstd. */
  public static FormatOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static String printable(String s) {
    return "\"" + s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "\"";
  }

  /** Builds {@link FormatOptions}, starting from the defaults. */
  public static final class Builder {
    private char csvDelimiter;
    private String csvNull;
    private boolean csvHeader;
    private String lineEnding;
    private ParquetOptions parquet;

    private Builder(FormatOptions from) {
      this.parquet = from.parquet;
      this.csvDelimiter = from.csvDelimiter;
      this.csvNull = from.csvNull;
      this.csvHeader = from.csvHeader;
      this.lineEnding = from.lineEnding;
    }

    public Builder csvDelimiter(char delimiter) {
      this.csvDelimiter = delimiter;
      return this;
    }

    public Builder csvNull(String nullString) {
      this.csvNull = nullString;
      return this;
    }

    public Builder csvHeader(boolean header) {
      this.csvHeader = header;
      return this;
    }

    /** {@link FormatOptions#LF} (the default) or {@link FormatOptions#CRLF} (RFC 4180). */
    public Builder lineEnding(String lineEnding) {
      this.lineEnding = lineEnding;
      return this;
    }

    /** Parquet's page codec and row group size; {@link ParquetOptions#defaults()} unless set. */
    public Builder parquet(ParquetOptions parquet) {
      this.parquet = parquet;
      return this;
    }

    public FormatOptions build() {
      return new FormatOptions(csvDelimiter, csvNull, csvHeader, lineEnding, parquet);
    }
  }
}
