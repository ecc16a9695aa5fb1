package dev.sluice.core.compress;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * libdeflate's whole-buffer gzip compressor ({@code libdeflate.so.0}, Debian's {@code libdeflate0})
 * through the Foreign Function &amp; Memory API. gzip levels 1..9 are libdeflate's levels 1..9,
 * which compress smaller than zlib's same level for about half its CPU time at level 1 ({@code
 * bench/run-deflate-cost}); libdeflate's levels 10..12, a slower optimal parse, are not offered.
 *
 * <p>Compressors are not thread-safe: each block in flight has its own (see {@link
 * BlockGzipOutputStream}). Each lives on libdeflate's heap, not in the stream's arena. The library
 * stays loaded for the life of the JVM.
 */
final class Libdeflate implements GzipCodec {
  static final String LIBRARY = "libdeflate.so.0";

  private final MethodHandle alloc;
  private final MethodHandle free;
  private final MethodHandle compress;
  private final MethodHandle bound;

  // Restricted: native access is enabled by the jar's manifest (Enable-Native-Access), and the
  // JDK warns once otherwise. The descriptors are libdeflate.h's, size_t as a long (see load).
  @SuppressWarnings("restricted")
  private Libdeflate(SymbolLookup lookup) {
    var linker = Linker.nativeLinker();
    alloc =
        linker.downcallHandle(
            symbol(lookup, "libdeflate_alloc_compressor"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    free =
        linker.downcallHandle(
            symbol(lookup, "libdeflate_free_compressor"), FunctionDescriptor.ofVoid(ADDRESS));
    compress =
        linker.downcallHandle(
            symbol(lookup, "libdeflate_gzip_compress"),
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
    bound =
        linker.downcallHandle(
            symbol(lookup, "libdeflate_gzip_compress_bound"),
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
  }

  /**
   * Loads the library, or returns null if it is not installed. Called by {@link Deflate#choose}
   * through reflection, since Java 21 does not see this class.
   *
   * @throws IllegalArgumentException if the library lacks a symbol.
   */
  @SuppressWarnings("restricted")
  static Deflate load() {
    if (!JAVA_LONG.equals(Linker.nativeLinker().canonicalLayouts().get("size_t"))) {
      // The handles below take size_t as a 64-bit long: on another ABI the JDK's zlib does.
      return null;
    }
    SymbolLookup lookup;
    try {
      lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
    } catch (IllegalArgumentException notInstalled) {
      return null;
    }
    var deflate = new Libdeflate(lookup);
    // A compressor that cannot be made (out of memory, a broken build) is better found now.
    deflate.compressor(1, Arena.global()).free();
    return deflate;
  }

  private static MemorySegment symbol(SymbolLookup lookup, String name) {
    return lookup
        .find(name)
        .orElseThrow(() -> new IllegalArgumentException(LIBRARY + " has no symbol " + name));
  }

  @Override
  public String name() {
    return "libdeflate";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public Compressor compressor(int level, Arena arena) {
    MemorySegment c;
    try {
      c = (MemorySegment) alloc.invokeExact(level);
    } catch (Throwable t) {
      throw new IllegalStateException("libdeflate_alloc_compressor(" + level + ") failed", t);
    }
    if (c.equals(MemorySegment.NULL)) {
      throw new OutOfMemoryError("libdeflate_alloc_compressor(" + level + ") returned NULL");
    }
    return new Native(c);
  }

  /** One libdeflate compressor, on libdeflate's heap. */
  private final class Native implements Compressor {
    private final MemorySegment c;

    Native(MemorySegment c) {
      this.c = c;
    }

    @Override
    public long bound(long n) {
      try {
        return (long) bound.invokeExact(c, n);
      } catch (Throwable t) {
        throw new IllegalStateException("libdeflate_gzip_compress_bound failed", t);
      }
    }

    @Override
    public long compress(MemorySegment in, long n, MemorySegment out) {
      long size;
      try {
        size = (long) compress.invokeExact(c, in, n, out, out.byteSize());
      } catch (Throwable t) {
        throw new IllegalStateException("libdeflate_gzip_compress failed", t);
      }
      if (size == 0) {
        // 0 means out was too small, which a buffer of libdeflate's own bound never is.
        throw new IllegalStateException(
            "libdeflate_gzip_compress: " + n + " bytes did not fit in " + out.byteSize());
      }
      return size;
    }

    @Override
    public void free() {
      try {
        free.invokeExact(c);
      } catch (Throwable t) {
        throw new IllegalStateException("libdeflate_free_compressor failed", t);
      }
    }
  }
}
