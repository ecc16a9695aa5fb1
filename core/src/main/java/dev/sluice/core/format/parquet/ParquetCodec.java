package dev.sluice.core.format.parquet;

import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The codec that compresses each Parquet page: Parquet's own compression, inside the file, so a
 * reader can skip to any column chunk. Never a compressor around the whole file.
 */
public enum ParquetCodec {
  /** zstd (zstd-jni), levels 1 to 19, default 3: the default, small and fast to read. */
  ZSTD(CompressionCodecName.ZSTD, 1, 19, 3),
  /** Snappy (snappy-java): faster, larger; what older readers expect. */
  SNAPPY(CompressionCodecName.SNAPPY, 0, 0, 0),
  /** gzip (the JDK's deflate), levels 1 to 9, default 6. */
  GZIP(CompressionCodecName.GZIP, 1, 9, 6),
  /** Pages stored as they are. */
  NONE(CompressionCodecName.UNCOMPRESSED, 0, 0, 0);

  private final CompressionCodecName name;
  private final int minLevel;
  private final int maxLevel;
  private final int defaultLevel;

  ParquetCodec(CompressionCodecName name, int minLevel, int maxLevel, int defaultLevel) {
    this.name = name;
    this.minLevel = minLevel;
    this.maxLevel = maxLevel;
    this.defaultLevel = defaultLevel;
  }

  /** The codec named {@code zstd}, {@code snappy}, {@code gzip} or {@code none}, any case. */
  public static ParquetCodec of(String name) {
    for (var c : values()) {
      if (c.label().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "parquet compression must be zstd, snappy, gzip or none: " + name);
  }

  /** The lowercase name: {@code zstd}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level used when none is given: zstd 3, gzip 6, 0 for the codecs without levels. */
  public int defaultLevel() {
    return defaultLevel;
  }

  /** {@code level} when this codec has it, else an exception naming the range. */
  public int checkLevel(int level) {
    if (minLevel == maxLevel ? level != defaultLevel : level < minLevel || level > maxLevel) {
      throw new IllegalArgumentException(
          minLevel == maxLevel
              ? "parquet " + label() + " has no compression level: " + level
              : "parquet "
                  + label()
                  + " level must be "
                  + minLevel
                  + " to "
                  + maxLevel
                  + ": "
                  + level);
    }
    return level;
  }

  CompressionCodecName codecName() {
    return name;
  }
}
