package dev.sluice.core.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip compressor implementation: the JDK's zlib, or a faster native library called through the
 * Foreign Function &amp; Memory API when one is installed and the JVM is 22 or later: Intel ISA-L's
 * igzip ({@code libisal.so.2}) or libdeflate ({@code libdeflate.so.0}).
 *
 * <p>The native implementations live in the multi-release part of the jar ({@code
 * META-INF/versions/22}), which a Java 21 runtime does not see: there, and wherever a library is
 * missing or lacks a symbol, {@link #best} quietly answers the next one down, the JDK's zlib last.
 * Every implementation writes standard gzip that {@code gzip -d} reads; a native one writes a
 * series of independent members, which gzip readers concatenate.
 */
interface Deflate {
  /** The JDK's zlib through {@link GZIPOutputStream}: present everywhere. */
  Deflate JDK = new Jdk();

  /**
   * The environment variable that forces an implementation: {@code jdk}, {@code libdeflate} or
   * {@code isal} (at every level; a library that does not load gives the JDK's zlib). Anything
   * else, or nothing, lets {@link #best} choose by level.
   */
  String SETTING = "SLUICE_DEFLATE";

  /**
   * The highest gzip level that ISA-L runs when {@link #best} chooses: at 1 and 2, igzip's level 1
   * writes less than {@code gzip -1} and {@code gzip -2}, for a fraction of libdeflate's CPU time;
   * at 3, {@code gzip -3} and libdeflate write less than any igzip level. The 166 MB CSV of {@code
   * bench_export_1000000} gives {@code gzip -1} 42.4 MB, {@code gzip -2} 41.1 MB, {@code gzip -3}
   * 39.1 MB; {@code igzip -1} 39.8 MB, {@code igzip -3} 41.0 MB (1 MiB members: 39.8 and 41.0).
   */
  int ISAL_MAX_LEVEL = 2;

  /** Input bytes per gzip member for the implementations that compress blocks: 1 MiB. */
  int BLOCK = 1 << 20;

  /** Most threads one stream compresses on, whatever the cores: bounds its memory. */
  int MAX_WORKERS = 8;

  /**
   * What runs, for the summary: {@code "JDK zlib"}, {@code "libdeflate"}, {@code "ISA-L igzip"}.
   */
  String name();

  /**
   * Returns a stream that gzips what is written to it into {@code out}, at a gzip level 1..9
   * already checked, on up to {@code workers} threads (the JDK's zlib uses the caller's only).
   * Closing it writes the last bytes and closes {@code out}; the stream may be {@link Abortable}.
   */
  OutputStream gzip(OutputStream out, int level, int workers) throws IOException;

  /** {@link #gzip(OutputStream, int, int)} on one thread per core, up to {@link #MAX_WORKERS}. */
  default OutputStream gzip(OutputStream out, int level) throws IOException {
    return gzip(out, level, workers());
  }

  /** Threads one compressing stream uses: one per core, up to {@link #MAX_WORKERS}. */
  static int workers() {
    return Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors());
  }

  /**
   * The fastest implementation on this machine for gzip {@code level} whose output is no bigger
   * than {@code gzip}'s at that level, as {@link #SETTING} allows. The libraries load once per JVM.
   */
  static Deflate best(int level) {
    return choose(System.getenv(SETTING), level);
  }

  /**
   * The implementation for a value of {@link #SETTING} at gzip {@code level}: ISA-L up to {@link
   * #ISAL_MAX_LEVEL}, libdeflate above, the JDK's zlib where neither loads; or the one the setting
   * forces.
   */
  static Deflate choose(String setting, int level) {
    var forced = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
    return switch (forced) {
      case "jdk" -> JDK;
      case "libdeflate" -> orJdk(Natives.Libdeflate.LOADED);
      case "isal" -> orJdk(Natives.Isal.LOADED);
      default ->
          level <= ISAL_MAX_LEVEL && Natives.Isal.LOADED != null
              ? Natives.Isal.LOADED
              : orJdk(Natives.Libdeflate.LOADED);
    };
  }

  private static Deflate orJdk(Deflate deflate) {
    return deflate == null ? JDK : deflate;
  }

  /**
   * The native implementations, each loaded on its first use (a holder class apiece) so that
   * loading this interface, forcing the JDK's zlib or compressing at a level the other serves loads
   * no library it does not call: linking a library's functions spins classes and costs a start tens
   * of milliseconds of CPU, more again for the JIT. Null where one does not load; the JVM keeps a
   * loaded one.
   */
  final class Natives {
    private Natives() {}

    /** ISA-L's igzip. */
    static final class Isal {
      static final Deflate LOADED = load("dev.sluice.core.compress.Isal");

      private Isal() {}
    }

    /** libdeflate. */
    static final class Libdeflate {
      static final Deflate LOADED = load("dev.sluice.core.compress.Libdeflate");

      private Libdeflate() {}
    }

    private static Deflate load(String className) {
      try {
        // Only the versions/22 part of the jar has these classes; on Java 21 they are not found.
        var type = Class.forName(className);
        return (Deflate) type.getDeclaredMethod("load").invoke(null);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        // No library, no Foreign Function & Memory API, or a missing symbol: another one does.
        return null;
      }
    }
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
