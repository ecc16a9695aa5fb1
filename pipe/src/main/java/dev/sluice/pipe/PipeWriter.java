package dev.sluice.pipe;

import java.io.IOException;

/**
 * The write half of a {@link Pipe}. An {@link java.io.OutputStream} whose {@code write} returns
 * only once readers have taken every byte, because nothing is buffered.
 */
public final class PipeWriter extends java.io.OutputStream {
  private final Handoff handoff;
  private final Pipe pipe;

  PipeWriter(Handoff handoff, Pipe pipe) {
    this.handoff = handoff;
    this.pipe = pipe;
  }

  /** The pipe this writer belongs to, for its counters. */
  public Pipe pipe() {
    return pipe;
  }

  /**
   * Hands {@code len} bytes of {@code b} to readers and blocks until they have consumed all of
   * them: copied by this call into the buffer of a read that is waiting, or, when none is, read out
   * of {@code b} by the reader's thread while this call blocks. Parallel writes are serialised: the
   * bytes of this write reach readers contiguously. Once the call returns or throws, nothing that
   * reads {@code b} afterwards counts: a reader's copy started before a withdrawal is discarded.
   *
   * @throws ClosedPipeException if the reader was closed with {@link PipeReader#close()}, or this
   *     writer was closed.
   * @throws IOException whose cause is {@code e} if the reader was closed with {@code
   *     closeWithError(e)}. Some bytes of this write may have been consumed before the close.
   * @throws java.io.InterruptedIOException if the thread was interrupted while it waited; its
   *     {@code bytesTransferred} says how many bytes of this write readers took. The interrupt flag
   *     is kept and the pipe stays usable.
   */
  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    handoff.write(b, off, len);
  }

  @Override
  public void write(int b) throws IOException {
    handoff.write(new byte[] {(byte) b}, 0, 1);
  }

  /** Does nothing: nothing is ever buffered. */
  @Override
  public void flush() {}

  /**
   * Closes the write side: readers get -1 after the bytes already offered; a blocked write in
   * another thread wakes and throws {@link ClosedPipeException}. Closing twice does nothing.
   */
  @Override
  public void close() {
    handoff.closeWriter(null);
  }

  /**
   * Closes the write side with an error: blocked and later reads throw an {@link IOException} whose
   * cause is {@code error}, so a failed producer never looks like a normal end of data. If this
   * side was already closed, the first close stands. A null error is the same as {@link #close()}.
   */
  public void closeWithError(Throwable error) {
    handoff.closeWriter(error);
  }
}
