package dev.sluice.core.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A byte transform between the encoder and the sink: none, gzip or zstd (zstd-jni), and its inverse
 * for reading an export back. Both compressors stream: they hold a bounded amount of input and
 * output, whatever the size of the export.
 *
 * <p>gzip runs on the fastest deflate on the machine whose output is no bigger than {@code gzip}'s
 * at the level asked ({@link #implementation} names it). On Java 22 and later that is a native
 * library called through the Foreign Function &amp; Memory API, compressing 1 MiB blocks as
 * independent gzip members on every core: Intel ISA-L's igzip ({@code libisal.so.2}) at levels 1
 * and 2, libdeflate ({@code libdeflate.so.0}) at 3 to 9 or where ISA-L is missing; otherwise the
 * JDK's zlib. {@code SLUICE_DEFLATE=jdk} (or {@code libdeflate}, {@code isal}) in the environment
 * forces one. Either way the output is standard gzip that {@code gzip -d} reads.
 */
public enum Compression {
  NONE(null, "", 0, 0, 0),
  /** gzip, levels 1 (fastest) to 9 (smallest), default 6 as in {@code gzip(1)}. */
  GZIP("gzip", ".gz", 1, 9, 6),
  /** zstd, levels 1 (fastest) to 19 (smallest), default 3 as in {@code zstd(1)}. */
  ZSTD("zstd", ".zst", 1, 19, 3);

  /** Bytes the gzip decompressor reads at once. */
  private static final int GZIP_BUFFER = 64 * 1024;

  private final String contentEncoding;
  private final String suffix;
  private final int minLevel;
  private final int maxLevel;
  private final int defaultLevel;

  Compression(String contentEncoding, String suffix, int minLevel, int maxLevel, int defaultLevel) {
    this.contentEncoding = contentEncoding;
    this.suffix = suffix;
    this.minLevel = minLevel;
    this.maxLevel = maxLevel;
    this.defaultLevel = defaultLevel;
  }

  /** The HTTP Content-Encoding token, or null for {@link #NONE}. */
  public String contentEncoding() {
    return contentEncoding;
  }

  /** The file-name suffix, with its dot; empty for {@link #NONE}. */
  public String suffix() {
    return suffix;
  }

  /** The level used when none is given: 6 for gzip, 3 for zstd, 0 for none. */
  public int defaultLevel() {
    return defaultLevel;
  }

  /**
   * Names the compressor that {@link #compress} runs at {@code level}, for summaries and logs:
   * {@code "none"}, {@code "zstd-jni"}, and for gzip {@code "ISA-L igzip"}, {@code "libdeflate"} or
   * {@code "JDK zlib"}. Asking may load the native libraries once.
   */
  public String implementation(int level) {
    return switch (this) {
      case NONE -> "none";
      case GZIP -> Deflate.best(level).name();
      case ZSTD -> "zstd-jni";
    };
  }

  /**
   * Returns {@code level} if this compression accepts it.
   *
   * @throws IllegalArgumentException naming the range, e.g. {@code "gzip level not in 1..9: 12"}.
   */
  public int checkLevel(int level) {
    if (level < minLevel || level > maxLevel) {
      throw new IllegalArgumentException(
          (this == NONE
                  ? "no compression takes no level"
                  : name().toLowerCase(Locale.ROOT) + " level not in " + minLevel + ".." + maxLevel)
              + ": "
              + level);
    }
    return level;
  }

  /**
   * Returns a stream that compresses what is written to it into {@code out} (for {@link #NONE},
   * {@code out} itself). Closing the returned stream writes the compressed stream's trailer and
   * closes {@code out}; a caller that must release the compressor without writing more (after a
   * failure) closes it with {@code out} made to discard. ({@link CompressionStage} does that for
   * you, and frees the native gzip without compressing what is left.) The native gzip writes one
   * member per 1 MiB of input, and compresses them on several threads when the machine has the
   * cores.
   *
   * @throws IllegalArgumentException if {@code level} is out of range; see {@link #checkLevel}.
   */
  public OutputStream compress(OutputStream out, int level) throws IOException {
    checkLevel(level);
    return switch (this) {
      case NONE -> out;
      case GZIP -> Deflate.best(level).gzip(out, level);
      case ZSTD ->
          ZstdThreads.open(
              out,
              level,
              Math.min(Deflate.MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
    };
  }

  /**
   * Returns a stream that reads {@code in} decompressed (for {@link #NONE}, {@code in} itself).
   * Closing it releases the decompressor and closes {@code in}. A gzip stream's header is read
   * here, so a stream that is not gzip at all fails now. Every gzip member is read, on any JDK and
   * from any stream (see {@link Lookahead}).
   *
   * @throws IOException if the compressed stream's header is broken, or reading it failed.
   */
  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(new Lookahead(in), GZIP_BUFFER);
      case ZSTD -> new ZstdInputStreamNoFinalizer(in);
    };
  }

  /** The compression a destination name implies by its extension ({@code .gz}, {@code .zst}). */
  public static Compression forName(String destination) {
    var lower = destination.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz") || lower.endsWith(".gzip")) {
      return GZIP;
    }
    if (lower.endsWith(".zst") || lower.endsWith(".zstd")) {
      return ZSTD;
    }
    return NONE;
  }
}
