package dev.sluice.core.compress;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A gzip stream made of independent members, one per block of input, each compressed by a native
 * library ({@link GzipCodec}: libdeflate or ISA-L); a replacement for {@link
 * java.util.zip.GZIPOutputStream}. Concatenated members are one standard gzip file to {@code gzip
 * -d}, {@code zcat} and {@link java.util.zip.GZIPInputStream}.
 *
 * <p>With more than one worker it compresses as {@code pigz} does: a full block goes to a worker
 * thread of its own, the caller fills the next block meanwhile, and the members are written to
 * {@code out} in input order on the caller's thread. At most {@code workers + 1} blocks exist; when
 * all are in flight a write waits for the oldest to finish and writes it. With one worker the
 * caller compresses each block itself.
 *
 * <p>Memory, all native: per block, {@code block} bytes of input and its gzip bound of output (a
 * little over {@code block}) from one arena, and the library's compressor (libdeflate's on its own
 * heap, ISA-L's in the arena). Nothing else grows.
 *
 * <p>Closing compresses the last block (an empty stream is one empty member, as {@code gzip}
 * writes), writes every member in order, closes {@code out} and frees the native memory. {@link
 * #abort} frees it without writing or closing anything. Not safe for use by several threads.
 */
final class BlockGzipOutputStream extends OutputStream implements Abortable {
  /** Bytes copied from native memory to {@code out} at once: each write is a pipe hand-off. */
  private static final int CHUNK = 64 * 1024;

  /** One block's native memory and the work in flight on it. */
  private static final class Block {
    final GzipCodec.Compressor compressor;
    final MemorySegment in;
    final MemorySegment out;

    /** Bytes of {@link #in} filled; handed to a worker with the block, back after its future. */
    int filled;

    /** The member's size, once the worker is done; null while the block is free. */
    Future<Long> pending;

    Block(GzipCodec.Compressor compressor, MemorySegment in, MemorySegment out) {
      this.compressor = compressor;
      this.in = in;
      this.out = out;
    }
  }

  private final OutputStream out;
  private final int blockSize;
  private final Arena arena = Arena.ofShared();
  private final Block[] blocks;

  /** Null when the caller compresses each block itself. */
  private final ExecutorService workers;

  private final byte[] chunk = new byte[CHUNK];

  /** The block being filled; the oldest one in flight is the one after it. */
  private int next;

  private boolean wroteMember;
  private boolean closed;

  /** Set when a write failed: the members already written may lack one, so no more are. */
  private boolean failed;

  BlockGzipOutputStream(GzipCodec codec, OutputStream out, int level, int blockSize, int workers) {
    if (blockSize < 1) {
      throw new IllegalArgumentException("blockSize < 1: " + blockSize);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers < 1: " + workers);
    }
    this.out = out;
    this.blockSize = blockSize;
    this.blocks = new Block[workers == 1 ? 1 : workers + 1];
    try {
      for (int i = 0; i < blocks.length; i++) {
        var compressor = codec.compressor(level, arena);
        try {
          long bound = compressor.bound(blockSize);
          blocks[i] = new Block(compressor, arena.allocate(blockSize), arena.allocate(bound));
        } catch (RuntimeException | Error e) {
          compressor.free();
          throw e;
        }
      }
    } catch (RuntimeException | Error e) {
      freeNative();
      throw e;
    }
    this.workers =
        workers == 1
            ? null
            : Executors.newFixedThreadPool(
                workers, Thread.ofPlatform().daemon().name("sluice-deflate-", 0).factory());
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("closed");
    }
    if (failed) {
      throw new IOException("gzip stream failed earlier: nothing more is written");
    }
    try {
      fill(b, off, len);
    } catch (IOException | RuntimeException | Error e) {
      failed = true;
      throw e;
    }
  }

  private void fill(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      var block = blocks[next];
      int n = Math.min(len, blockSize - block.filled);
      MemorySegment.copy(b, off, block.in, JAVA_BYTE, block.filled, n);
      block.filled += n;
      off += n;
      len -= n;
      if (block.filled == blockSize) {
        submit();
      }
    }
  }

  /** Compresses the block being filled, or hands it to a worker and frees the next block. */
  private void submit() throws IOException {
    var block = blocks[next];
    wroteMember = true;
    if (workers == null) {
      writeMember(block, compress(block));
      return;
    }
    block.pending = workers.submit(() -> compress(block));
    next = (next + 1) % blocks.length;
    drain(blocks[next]);
  }

  private static long compress(Block block) {
    return block.compressor.compress(block.in, block.filled, block.out);
  }

  /** Waits for the member in flight on {@code block}, if any, and writes it. */
  private void drain(Block block) throws IOException {
    var pending = block.pending;
    if (pending == null) {
      return;
    }
    long size;
    try {
      size = pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      throw new IOException("gzip block failed: " + e.getCause(), e.getCause());
    }
    block.pending = null;
    writeMember(block, size);
  }

  private void writeMember(Block block, long size) throws IOException {
    for (long at = 0; at < size; at += CHUNK) {
      int n = (int) Math.min(CHUNK, size - at);
      MemorySegment.copy(block.out, JAVA_BYTE, at, chunk, 0, n);
      out.write(chunk, 0, n);
    }
    block.filled = 0;
  }

  /** Writes the last member and every one in flight, in order, then closes {@code out}. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (failed) {
        // A member may be missing or half written: ending the stream would hide it.
        throw new IOException("gzip stream failed earlier: not finished");
      }
      if (blocks[next].filled > 0 || !wroteMember) {
        submit();
      }
      for (int i = 1; i < blocks.length; i++) {
        drain(blocks[(next + i) % blocks.length]);
      }
      out.close();
    } catch (IOException | RuntimeException | Error e) {
      failed = true;
      throw e;
    } finally {
      release();
    }
  }

  @Override
  public boolean concurrent() {
    return workers != null;
  }

  @Override
  public void abort() {
    if (!closed) {
      release();
    }
  }

  private void release() {
    closed = true;
    if (workers != null) {
      // Native calls ignore interrupts: wait for the ones running before freeing their memory.
      workers.shutdownNow();
      boolean interrupted = false;
      while (true) {
        try {
          if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    freeNative();
  }

  private void freeNative() {
    for (var block : blocks) {
      if (block != null) {
        block.compressor.free();
      }
    }
    arena.close();
  }
}
