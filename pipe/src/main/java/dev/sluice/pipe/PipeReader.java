package dev.sluice.pipe;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The read half of a {@link Pipe}. An {@link java.io.InputStream} whose bytes come straight from
 * the arrays passed to the writer, with nothing buffered in between.
 *
 * <p>Unlike {@link java.io.PipedInputStream}, this reader never decides the writer is gone because
 * its thread ended: only {@link PipeWriter#close()} or {@link PipeWriter#closeWithError(Throwable)}
 * ends the stream.
 */
public final class PipeReader extends java.io.InputStream {
  private final Handoff handoff;
  private final Pipe pipe;

  PipeReader(Handoff handoff, Pipe pipe) {
    this.handoff = handoff;
    this.pipe = pipe;
  }

  /** The pipe this reader belongs to, for its counters. */
  public Pipe pipe() {
    return pipe;
  }

  /**
   * Blocks until at least one byte arrives or the write side closes. Bytes arrive straight from
   * writers' arrays: copied out of a waiting writer's array by this call, or copied into {@code b}
   * by writers while this call waits, so one read may return the bytes of several writes.
   *
   * @return the number of bytes copied, at least one; or -1 once the writer was closed with {@link
   *     PipeWriter#close()}.
   * @throws IOException whose cause is {@code e} once the writer was closed with {@code
   *     closeWithError(e)}.
   * @throws ClosedPipeException if this reader was closed.
   * @throws java.io.InterruptedIOException if the thread was interrupted while it waited; no byte
   *     was consumed, the interrupt flag is kept and the pipe stays usable.
   */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    return handoff.read(b, off, len);
  }

  /**
   * Reads until {@code len} bytes arrived or the stream ended, like {@link
   * java.io.InputStream#readNBytes(byte[], int, int)}, but as one wait: writers copy straight into
   * {@code b} and wake this call only when it is full, however many writes that takes, so a reader
   * that fills large buffers (a part of an upload, say) costs the writers no hand-off per write.
   *
   * @return the number of bytes read, less than {@code len} only at the end of the stream.
   * @throws java.io.InterruptedIOException if the thread was interrupted; its {@code
   *     bytesTransferred} says how many bytes of {@code b} were filled.
   */
  @Override
  public int readNBytes(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    int total = 0;
    try {
      while (total < len) {
        int n = handoff.read(b, off + total, len - total, true);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (java.io.InterruptedIOException e) {
      e.bytesTransferred += total;
      throw e;
    }
    return total;
  }

  @Override
  public int read() throws IOException {
    var one = new byte[1];
    int n = handoff.read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  /**
   * Writes every byte the writer sends to {@code out} until the writer closes, handing {@code out}
   * the writer's own array (no intermediate copy). Returns the number of bytes transferred.
   *
   * <p>While {@code out.write} runs, the writer whose bytes it is being given stays blocked, even
   * if it is interrupted or the pipe is closed; it wakes as soon as {@code out.write} returns. If
   * {@code out.write} throws, the exception propagates, the bytes of that call count as not
   * transferred, and the pipe stays open.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    java.util.Objects.requireNonNull(out, "out");
    return handoff.transferTo(out);
  }

  /** The number of bytes a blocked writer currently offers, which a read would not wait for. */
  @Override
  public int available() throws IOException {
    return handoff.available();
  }

  /**
   * Closes the read side. Blocked and later writes throw {@link ClosedPipeException}; a blocked
   * read on this reader in another thread wakes and throws too. Closing twice does nothing.
   */
  @Override
  public void close() {
    handoff.closeReader(null);
  }

  /**
   * Closes the read side with an error: blocked and later writes throw an {@link IOException} whose
   * cause is {@code error}. If this side was already closed, the first close stands. A null error
   * is the same as {@link #close()}.
   */
  public void closeWithError(Throwable error) {
    handoff.closeReader(error);
  }
}
