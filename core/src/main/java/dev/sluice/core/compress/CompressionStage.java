package dev.sluice.core.compress;

import dev.sluice.core.Uninterruptibly;
import dev.sluice.pipe.Pipe;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A compressor on its own virtual thread: an {@link OutputStream} whose bytes cross a {@link Pipe}
 * to a thread that compresses them into {@code out}. The encoder and the compressor then run on two
 * cores instead of taking turns on one: a write returns once its bytes are copied into the
 * compressor's input buffer (64 KiB, the only memory the stage adds), and the encoder fills its
 * next buffer while the compressor works on that one.
 *
 * <p>Closing the stage closes the pipe, lets the compressor write the stream's trailer into {@code
 * out} and close it, waits for the compressor thread, and throws what it failed with. A failure of
 * the compressor (most often {@code out} refusing a write because the sink stopped reading) fails
 * the encoder's next write, its cause attached. {@link #abort} stops the compressor without a
 * trailer; the caller makes {@code out} discard first (see {@link Compression#compress}) so the
 * compressor's native memory is released without touching the sink.
 */
public final class CompressionStage extends OutputStream {
  /** The compressor's input buffer: one encoder buffer's worth. */
  private static final int BUFFER = 64 * 1024;

  private final Pipe pipe = Pipe.open();
  private final Thread thread;
  private volatile Throwable failure;
  private boolean closed;

  private CompressionStage(OutputStream compressor) {
    this.thread = Thread.ofVirtual().name("sluice-compress").start(() -> compress(compressor));
  }

  /**
   * Starts compressing into {@code out} on a virtual thread and returns the stream to write to; for
   * {@link Compression#NONE}, {@code out} itself; for a compressor that already compresses on
   * threads of its own (the native gzip and zstd on a machine with several cores), that compressor,
   * which {@link #abort(OutputStream, Throwable)} stops all the same.
   *
   * @throws IllegalArgumentException if {@code level} is out of range for {@code compression}.
   */
  public static OutputStream start(Compression compression, int level, OutputStream out)
      throws IOException {
    Objects.requireNonNull(out, "out");
    if (compression == Compression.NONE) {
      compression.checkLevel(level);
      return out;
    }
    // Built here, so that a bad level or a native failure surfaces on the caller's thread.
    var compressor = compression.compress(out, level);
    if (compressor instanceof Abortable a && a.concurrent()) {
      return compressor;
    }
    return around(compressor);
  }

  /** A stage in front of {@code compressor}, whatever it is. */
  static CompressionStage around(OutputStream compressor) {
    return new CompressionStage(compressor);
  }

  /**
   * Stops a stream {@link #start} returned without finishing it, after a failure, once the caller
   * has made {@code out} discard: a stage stops its thread, a compressor of its own frees what it
   * holds; {@code out} itself needs nothing.
   */
  public static void abort(OutputStream started, Throwable cause) {
    if (started instanceof CompressionStage stage) {
      stage.abort(cause);
    } else if (started instanceof Abortable abortable) {
      abortable.abort();
    }
  }

  private void compress(OutputStream compressor) {
    try {
      // Read, not transferTo: a write returns once its bytes are copied here, so the encoder
      // fills its next buffer while these are compressed. transferTo would hold the encoder's
      // array, and the encoder with it, until the compressor is done with it.
      var buffer = new byte[BUFFER];
      for (int n; (n = pipe.reader().read(buffer, 0, buffer.length)) >= 0; ) {
        compressor.write(buffer, 0, n);
      }
      compressor.close();
    } catch (Throwable t) {
      failure = t;
      pipe.reader().closeWithError(t);
      if (compressor instanceof Abortable abortable) {
        // Frees the native memory without compressing what is left only to discard it.
        abortable.abort();
        return;
      }
      try {
        compressor.close();
      } catch (IOException | RuntimeException e) {
        // Releasing the compressor after a failure; the failure is the news.
      }
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    pipe.writer().write(b, off, len);
  }

  /** Ends the stream: the compressor writes its trailer and closes {@code out}. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    pipe.writer().close();
    join();
    Throwable f = failure;
    if (f instanceof IOException io) {
      throw io;
    }
    if (f != null) {
      throw new IOException("compression failed: " + f, f);
    }
  }

  /** Stops the compressor without finishing the stream, and waits for it. */
  public void abort(Throwable cause) {
    closed = true;
    pipe.writer().closeWithError(cause);
    join();
  }

  /** Waits for the compressor thread, which ends as soon as the pipe or {@code out} is closed. */
  private void join() {
    Uninterruptibly.join(thread);
  }
}
