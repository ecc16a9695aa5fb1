package dev.sluice.core.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip compressor implementation: the JDK's zlib, or a faster native library called through the
 * Foreign Function &amp; Memory API when one is installed and the JVM is 22 or later.
 *
 * <p>The native implementations live in the multi-release part of the jar ({@code
 * META-INF/versions/22}), which a Java 21 runtime does not see: there, and wherever the library is
 * missing or lacks a symbol, {@link #best} quietly answers the JDK's zlib. Every implementation
 * writes standard gzip that {@code gzip -d} reads; a native one writes a series of independent
 * members, which gzip readers concatenate.
 */
interface Deflate {
  /** The JDK's zlib through {@link GZIPOutputStream}: present everywhere. */
  Deflate JDK = new Jdk();

  /** The environment variable that forces the JDK's zlib when set to {@code jdk}. */
  String SETTING = "SLUICE_DEFLATE";

  /** Input bytes per gzip member for the implementations that compress blocks: 1 MiB. */
  int BLOCK = 1 << 20;

  /** Most threads one stream compresses on, whatever the cores: bounds its memory. */
  int MAX_WORKERS = 8;

  /** What runs, for the summary: {@code "JDK zlib"}, {@code "libdeflate"}. */
  String name();

  /**
   * Returns a stream that gzips what is written to it into {@code out}, at a gzip level 1..9
   * already checked, on up to {@code workers} threads (the JDK's zlib uses the caller's only).
   * Closing it writes the last bytes and closes {@code out}; the stream may be {@link Abortable}.
   */
  OutputStream gzip(OutputStream out, int level, int workers) throws IOException;

  /** {@link #gzip(OutputStream, int, int)} on one thread per core, up to {@link #MAX_WORKERS}. */
  default OutputStream gzip(OutputStream out, int level) throws IOException {
    return gzip(out, level, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
  }

  /** The fastest implementation on this machine, chosen once per JVM. */
  static Deflate best() {
    return Best.DEFLATE;
  }

  /**
   * The implementation for a value of {@link #SETTING}: the JDK's for {@code jdk}, otherwise the
   * fastest one that loads.
   */
  static Deflate choose(String setting) {
    if (setting != null && setting.trim().toLowerCase(Locale.ROOT).equals("jdk")) {
      return JDK;
    }
    try {
      // Only the versions/22 part of the jar has this class; on Java 21 it is not found.
      var type = Class.forName("dev.sluice.core.compress.Libdeflate");
      var deflate = (Deflate) type.getDeclaredMethod("load").invoke(null);
      return deflate == null ? JDK : deflate;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // No library, no Foreign Function & Memory API, or a missing symbol: the JDK's zlib does.
      return JDK;
    }
  }

  /** Holds the choice, made on first use so that loading this interface loads no library. */
  final class Best {
    static final Deflate DEFLATE = choose(System.getenv(SETTING));

    private Best() {}
  }

  /** The JDK's zlib. */
  final class Jdk implements Deflate {
    /** Bytes the compressor writes at once: large, because each write is a pipe hand-off. */
    private static final int BUFFER = 64 * 1024;

    private Jdk() {}

    @Override
    public String name() {
      return "JDK zlib";
    }

    @Override
    public OutputStream gzip(OutputStream out, int level, int workers) throws IOException {
      return new GZIPOutputStream(out, BUFFER) {
        {
          def.setLevel(level);
        }
      };
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
