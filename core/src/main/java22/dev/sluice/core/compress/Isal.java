package dev.sluice.core.compress;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Intel ISA-L's igzip ({@code libisal.so.2}, Debian's {@code libisal2}) through the Foreign
 * Function &amp; Memory API: {@code isal_deflate_stateless} compresses one whole block into one
 * gzip member. igzip's level 1 costs less than half the CPU time of libdeflate's level 1 ({@code
 * bench/run-deflate-cost}), and on CSV writes less than {@code gzip -2}, though more than
 * libdeflate; its levels stop at 3. gzip levels 1 and 2 run on igzip's level 1, levels 3 to 9 on
 * its level 3 ({@link Deflate#choose} picks igzip only where its output is no bigger than gzip's).
 *
 * <p>A compressor is a {@code struct isal_zstream} and the level's working buffer, both in the
 * stream's arena (about 530 KiB at level 1, 600 KiB at 3): nothing to free but the arena. Not
 * thread-safe: each block in flight has its own (see {@link BlockGzipOutputStream}). The library
 * stays loaded for the life of the JVM.
 */
final class Isal implements GzipCodec {
  static final String LIBRARY = "libisal.so.2";

  /**
   * The public head of {@code struct isal_zstream} ({@code isa-l/igzip_lib.h}), at the offsets a C
   * program compiled against ISA-L 2.30's header prints: next_in 0, avail_in 8, total_in 12,
   * next_out 16, avail_out 24, total_out 28, hufftables 32, level 40, level_buf_size 44, level_buf
   * 48, end_of_stream 56, flush 58, gzip_flag 60, hist_bits 62; the internal state follows at 64.
   */
  static final StructLayout HEAD =
      MemoryLayout.structLayout(
          ADDRESS.withName("next_in"),
          JAVA_INT.withName("avail_in"),
          JAVA_INT.withName("total_in"),
          ADDRESS.withName("next_out"),
          JAVA_INT.withName("avail_out"),
          JAVA_INT.withName("total_out"),
          ADDRESS.withName("hufftables"),
          JAVA_INT.withName("level"),
          JAVA_INT.withName("level_buf_size"),
          ADDRESS.withName("level_buf"),
          JAVA_SHORT.withName("end_of_stream"),
          JAVA_SHORT.withName("flush"),
          JAVA_SHORT.withName("gzip_flag"),
          JAVA_SHORT.withName("hist_bits"));

  /**
   * Bytes allocated per {@code struct isal_zstream}. Its size is 82,384 with ISA-L 2.30's header,
   * almost all of it the internal state (a history buffer and a hash table) whose size follows
   * compile-time options and the version, and no function reports it; the library writes all of it.
   * Three times as much keeps a differently built {@code libisal.so.2} inside its memory.
   */
  static final long STREAM_BYTES = 256 * 1024;

  private static final VarHandle NEXT_IN = field("next_in");
  private static final VarHandle AVAIL_IN = field("avail_in");
  private static final VarHandle NEXT_OUT = field("next_out");
  private static final VarHandle AVAIL_OUT = field("avail_out");
  private static final VarHandle TOTAL_OUT = field("total_out");
  private static final VarHandle LEVEL = field("level");
  private static final VarHandle LEVEL_BUF_SIZE = field("level_buf_size");
  private static final VarHandle LEVEL_BUF = field("level_buf");
  private static final VarHandle END_OF_STREAM = field("end_of_stream");
  private static final VarHandle FLUSH = field("flush");
  private static final VarHandle GZIP_FLAG = field("gzip_flag");
  private static final VarHandle HIST_BITS = field("hist_bits");

  /** {@code IGZIP_GZIP}: a gzip header and trailer around the deflate stream. */
  private static final short IGZIP_GZIP = 1;

  /** {@code NO_FLUSH}: the input is the whole stream, ended by a final block. */
  private static final short NO_FLUSH = 0;

  /** {@code COMP_OK}. */
  private static final int COMP_OK = 0;

  /** {@code ISAL_DEF_MAX_HDR_SIZE}: the longest dynamic Huffman block header. */
  private static final int MAX_HEADER = 328;

  /** gzip's fixed 10-byte header and 8-byte trailer as ISA-L writes them. */
  private static final int GZIP_WRAPPER = 10 + 8;

  /** Stored deflate blocks hold at most 65,535 bytes behind a 5-byte header. */
  private static final int STORED_BLOCK = 65_535;

  private static final int STORED_HEADER = 5;

  private final MethodHandle init;
  private final MethodHandle deflate;

  // Restricted: native access is enabled by the jar's manifest (Enable-Native-Access), and the
  // JDK warns once otherwise. Both functions take a struct isal_zstream *.
  @SuppressWarnings("restricted")
  private Isal(SymbolLookup lookup) {
    var linker = Linker.nativeLinker();
    init =
        linker.downcallHandle(
            symbol(lookup, "isal_deflate_stateless_init"), FunctionDescriptor.ofVoid(ADDRESS));
    deflate =
        linker.downcallHandle(
            symbol(lookup, "isal_deflate_stateless"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
  }

  /**
   * Loads the library, or returns null if it is not installed. Called by {@link Deflate#choose}
   * through reflection, since Java 21 does not see this class.
   *
   * @throws IllegalArgumentException if the library lacks a symbol.
   * @throws IllegalStateException if it cannot compress a few bytes into a gzip member.
   */
  static Deflate load() {
    if (ADDRESS.byteSize() != 8) {
      // The layout above is the 64-bit one: elsewhere another deflate does.
      return null;
    }
    SymbolLookup lookup;
    try {
      lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
    } catch (IllegalArgumentException notInstalled) {
      return null;
    }
    var isal = new Isal(lookup);
    // A library whose struct disagrees with the layout above is better found now than mid-export.
    try (var arena = Arena.ofConfined()) {
      var compressor = isal.compressor(1, arena);
      var in = arena.allocateFrom("sluice");
      var out = arena.allocate(compressor.bound(in.byteSize()));
      long size = compressor.compress(in, in.byteSize(), out);
      if (size < GZIP_WRAPPER || out.get(JAVA_BYTE, 0) != 0x1f || out.get(JAVA_BYTE, 1) != -117) {
        throw new IllegalStateException(LIBRARY + " wrote no gzip member (" + size + " bytes)");
      }
    }
    return isal;
  }

  private static MemorySegment symbol(SymbolLookup lookup, String name) {
    return lookup
        .find(name)
        .orElseThrow(() -> new IllegalArgumentException(LIBRARY + " has no symbol " + name));
  }

  private static VarHandle field(String name) {
    return HEAD.varHandle(groupElement(name));
  }

  /** igzip's level for a gzip level: 1 for 1 and 2, its highest (3) for the others. */
  static int isalLevel(int gzipLevel) {
    return gzipLevel <= 2 ? 1 : 3;
  }

  /** {@code ISAL_DEF_LVL1_DEFAULT} and {@code ISAL_DEF_LVL3_DEFAULT}: the level's work buffer. */
  static int levelBufferBytes(int isalLevel) {
    return switch (isalLevel) {
      case 1 -> 282_624;
      case 3 -> 348_160;
      default -> throw new IllegalArgumentException("igzip level not 1 or 3: " + isalLevel);
    };
  }

  @Override
  public String name() {
    return "ISA-L igzip";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public Compressor compressor(int level, Arena arena) {
    int isalLevel = isalLevel(level);
    return new Native(
        arena.allocate(STREAM_BYTES, 64),
        arena.allocate(levelBufferBytes(isalLevel), 64),
        isalLevel);
  }

  /** One {@code struct isal_zstream} and its level buffer, in the stream's arena. */
  private final class Native implements Compressor {
    private final MemorySegment stream;
    private final MemorySegment levelBuffer;
    private final int level;

    Native(MemorySegment stream, MemorySegment levelBuffer, int level) {
      this.stream = stream;
      this.levelBuffer = levelBuffer;
      this.level = level;
    }

    /**
     * What {@code isal_deflate_stateless} asks of the output: room for stored blocks, its fallback
     * for input that does not compress, plus the gzip wrapper; and never less than a dynamic
     * block's header, below which it would not try to compress at all.
     */
    @Override
    public long bound(long n) {
      long stored = n + STORED_HEADER * (n / STORED_BLOCK + 1);
      return stored + GZIP_WRAPPER + MAX_HEADER;
    }

    @Override
    public long compress(MemorySegment in, long n, MemorySegment out) {
      if (n > Integer.MAX_VALUE || out.byteSize() > Integer.MAX_VALUE) {
        // avail_in and avail_out are 32-bit: a block is far smaller.
        throw new IllegalArgumentException("igzip block too large: " + n);
      }
      int rc;
      try {
        // The previous call changed gzip_flag (to "header written") and may have pointed
        // level_buf at the internal state: every field is set again, after a fresh init.
        init.invokeExact(stream);
        NEXT_IN.set(stream, 0L, in);
        AVAIL_IN.set(stream, 0L, (int) n);
        NEXT_OUT.set(stream, 0L, out);
        AVAIL_OUT.set(stream, 0L, (int) out.byteSize());
        LEVEL.set(stream, 0L, level);
        LEVEL_BUF.set(stream, 0L, levelBuffer);
        LEVEL_BUF_SIZE.set(stream, 0L, (int) levelBuffer.byteSize());
        END_OF_STREAM.set(stream, 0L, (short) 1);
        FLUSH.set(stream, 0L, NO_FLUSH);
        GZIP_FLAG.set(stream, 0L, IGZIP_GZIP);
        HIST_BITS.set(stream, 0L, (short) 0);
        rc = (int) deflate.invokeExact(stream);
      } catch (Throwable t) {
        throw new IllegalStateException("isal_deflate_stateless failed", t);
      }
      if (rc != COMP_OK) {
        throw new IllegalStateException(
            "isal_deflate_stateless returned "
                + rc
                + " for "
                + n
                + " bytes into "
                + out.byteSize()
                + " at igzip level "
                + level);
      }
      return Integer.toUnsignedLong((int) TOTAL_OUT.get(stream, 0L));
    }

    @Override
    public void free() {
      // The arena holds all of it.
    }
  }
}
