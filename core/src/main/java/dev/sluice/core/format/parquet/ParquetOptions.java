package dev.sluice.core.format.parquet;

import java.util.Objects;

/**
 * How a Parquet file is written: its page codec and how large a row group may grow.
 *
 * <p>A row group is the unit a Parquet writer holds in memory (its pages, compressed) until it is
 * complete, then writes out whole; a reader reads or skips it whole. It ends when its buffered
 * bytes reach {@code rowGroupBytes} or its rows reach {@code rowGroupRows}, whichever comes first.
 * The defaults (32 MiB, 1,000,000 rows) keep an export inside the launcher's heap with the S3
 * sink's part buffers beside it, even at {@code -Xmx128m}; larger row groups compress a little
 * better and need that much more heap.
 *
 * @param codec the page codec
 * @param level the codec's level ({@link ParquetCodec#defaultLevel()} for its default)
 * @param rowGroupBytes the most bytes a row group buffers before it is written, at least 1 MiB
 * @param rowGroupRows the most rows in a row group, at least 1
 */
public record ParquetOptions(ParquetCodec codec, int level, long rowGroupBytes, long rowGroupRows) {
  /** The default bytes of a row group: 32 MiB. */
  public static final long DEFAULT_ROW_GROUP_BYTES = 32L << 20;

  /** The default rows of a row group: 1,000,000. */
  public static final long DEFAULT_ROW_GROUP_ROWS = 1_000_000;

  private static final ParquetOptions DEFAULTS =
      new ParquetOptions(
          ParquetCodec.ZSTD,
          ParquetCodec.ZSTD.defaultLevel(),
          DEFAULT_ROW_GROUP_BYTES,
          DEFAULT_ROW_GROUP_ROWS);

  public ParquetOptions {
    Objects.requireNonNull(codec, "codec");
    codec.checkLevel(level);
    if (rowGroupBytes < (1 << 20)) {
      throw new IllegalArgumentException("row group size < 1 MiB: " + rowGroupBytes + " bytes");
    }
    if (rowGroupRows < 1 || rowGroupRows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("row group rows must be 1 to 2^31-1: " + rowGroupRows);
    }
  }

  /** zstd level 3, row groups of at most 32 MiB and 1,000,000 rows. */
  public static ParquetOptions defaults() {
    return DEFAULTS;
  }

  /** These options with {@code codec} at its default level. */
  public ParquetOptions withCodec(ParquetCodec codec) {
    return new ParquetOptions(codec, codec.defaultLevel(), rowGroupBytes, rowGroupRows);
  }

  public ParquetOptions withLevel(int level) {
    return new ParquetOptions(codec, level, rowGroupBytes, rowGroupRows);
  }

  public ParquetOptions withRowGroupBytes(long bytes) {
    return new ParquetOptions(codec, level, bytes, rowGroupRows);
  }

  public ParquetOptions withRowGroupRows(long rows) {
    return new ParquetOptions(codec, level, rowGroupBytes, rows);
  }
}
