package dev.sluice.core.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native deflate library that compresses a whole block of input into one gzip member, called
 * through the Foreign Function &amp; Memory API: libdeflate ({@link Libdeflate}) or ISA-L's igzip
 * ({@link Isal}). {@link BlockGzipOutputStream} cuts a stream into blocks, compresses them on
 * worker threads with one {@link Compressor} per block in flight, and writes the members in order;
 * this interface is all it needs of a library.
 */
interface GzipCodec extends Deflate {
  /**
   * Allocates a compressor at a gzip level 1..9 already checked. Its native memory comes from
   * {@code arena} or from the library's own heap; {@link Compressor#free} releases the latter, and
   * must be called before the arena closes.
   *
   * @throws OutOfMemoryError if the library cannot allocate one.
   */
  Compressor compressor(int level, Arena arena);

  @Override
  default OutputStream gzip(OutputStream out, int level, int workers) throws IOException {
    return new BlockGzipOutputStream(this, out, level, BLOCK, workers);
  }

  /** One compressor's native state: not thread-safe, used by one block in flight at a time. */
  interface Compressor {
    /** The most bytes that {@code n} bytes of input compress to, gzip header and trailer in. */
    long bound(long n);

    /**
     * Compresses {@code n} bytes of {@code in} into one whole gzip member at the start of {@code
     * out}, which holds at least {@link #bound} bytes, and returns the member's size.
     *
     * @throws IllegalStateException if the library fails, naming its call and what it returned.
     */
    long compress(MemorySegment in, long n, MemorySegment out);

    /** Releases the native memory that the arena does not hold; once, last. */
    void free();
  }
}
