package dev.sluice.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A synchronous in-memory pipe, after Go's {@code io.Pipe}: a {@link PipeWriter} on one thread
 * connected to a {@link PipeReader} on another, with nothing buffered in between. It replaces
 * {@link java.io.PipedInputStream} and {@link java.io.PipedOutputStream}, which copy through a
 * fixed ring buffer, poll once a second, and fail with "Write end dead" when a thread ends.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * PipeReader in = pipe.reader();
 * PipeWriter out = pipe.writer();
 * }</pre>
 *
 * <p>Each write blocks until readers have consumed all of its bytes; each read blocks until at
 * least one byte arrives or the write side closes. Bytes go straight from the writer's array into
 * the reader's: a write that finds a read waiting copies into that read's buffer and returns, and a
 * read that finds a write waiting copies out of the writer's array ({@link PipeReader#transferTo}
 * hands the writer's array itself to its target stream). So one read may return the bytes of
 * several writes, never more than its buffer holds. The pipe holds no data of its own: memory is
 * bounded by what each side holds, and a slow reader slows the writer.
 *
 * <p>A read returns -1 after {@link PipeWriter#close()} and throws an {@link IOException} whose
 * cause is {@code e} after {@link PipeWriter#closeWithError(Throwable) closeWithError(e)}. A write
 * throws {@link ClosedPipeException} after {@link PipeReader#close()} and an {@code IOException}
 * whose cause is {@code e} after {@link PipeReader#closeWithError(Throwable) closeWithError(e)}. A
 * read or write on a half that was itself closed throws {@code ClosedPipeException}. A close on
 * either side wakes every blocked call on both sides at once. On each side the first close wins:
 * later closes never replace its error.
 *
 * <p>Every method is safe to call from any thread. Parallel writes are serialised, so the bytes of
 * one write are never interleaved with another's; parallel reads are serialised too. Only a close
 * ends the pipe: unlike {@code PipedInputStream}, it never checks whether the peer's thread is
 * alive. A blocked call waits by spinning briefly, then parking, so it works the same on platform
 * and virtual threads and never pins a carrier thread. An interrupted blocked call throws {@link
 * InterruptedIOException}, keeps the thread's interrupt flag, and leaves the pipe usable; for a
 * write, {@link InterruptedIOException#bytesTransferred} says how many of its bytes were consumed.
 *
 * <p>The pipe counts the bytes transferred and the time each side spent blocked waiting for the
 * other, so a caller can tell whether the producer or the consumer is the bottleneck.
 */
public final class Pipe {
  private final Handoff handoff = new Handoff();
  private final PipeReader reader = new PipeReader(handoff, this);
  private final PipeWriter writer = new PipeWriter(handoff, this);

  private Pipe() {}

  /** Returns a new open pipe. */
  public static Pipe open() {
    return new Pipe();
  }

  /**
   * Runs {@code producer} on a new virtual thread, writing into a new pipe, and returns the pipe's
   * reader. When the producer returns, the writer is closed, so the reader sees the end of the
   * stream; when it throws, the writer is closed with that error, so the reader's next read throws
   * an {@link IOException} with it as the cause. Closing the returned reader early makes the
   * producer's next write throw {@link ClosedPipeException}, which stops it.
   */
  public static PipeReader produce(Producer producer) {
    Objects.requireNonNull(producer, "producer");
    var pipe = open();
    Thread.ofVirtual()
        .name("sluice-pipe-producer")
        .start(
            () -> {
              try {
                producer.writeTo(pipe.writer);
                pipe.writer.close();
              } catch (Throwable t) {
                pipe.writer.closeWithError(t);
              }
            });
    return pipe.reader;
  }

  /** Writes a stream of bytes; see {@link #produce(Producer)}. */
  @FunctionalInterface
  public interface Producer {
    void writeTo(OutputStream out) throws Exception;
  }

  /** The read half. Always the same object. */
  public PipeReader reader() {
    return reader;
  }

  /** The write half. Always the same object. */
  public PipeWriter writer() {
    return writer;
  }

  /** The number of bytes readers have consumed so far. */
  public long bytesTransferred() {
    return handoff.bytesTransferred();
  }

  /**
   * The total time writers spent blocked waiting for readers to take their bytes, in nanoseconds. A
   * large share of the elapsed time means the reader side is the bottleneck. Waits shorter than
   * about a microsecond are not counted.
   */
  public long writerWaitNanos() {
    return handoff.writerWaitNanos();
  }

  /**
   * The total time readers spent blocked waiting for writers to offer bytes, in nanoseconds. A
   * large share of the elapsed time means the writer side is the bottleneck. Waits shorter than
   * about a microsecond are not counted.
   */
  public long readerWaitNanos() {
    return handoff.readerWaitNanos();
  }

  /** Advances the offer number by {@code n}, so a test can reach its wrap-around quickly. */
  void skipOffers(int n) {
    handoff.skipOffers(n);
  }

  /** Advances the request number by {@code n}, so a test can reach its wrap-around quickly. */
  void skipRequests(int n) {
    handoff.skipRequests(n);
  }

  @Override
  public String toString() {
    return "Pipe[bytes="
        + bytesTransferred()
        + ", writerWaitNanos="
        + writerWaitNanos()
        + ", readerWaitNanos="
        + readerWaitNanos()
        + ", readerClosed="
        + handoff.readerClosed()
        + ", writerClosed="
        + handoff.writerClosed()
        + "]";
  }
}
