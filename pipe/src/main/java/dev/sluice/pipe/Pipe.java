package dev.sluice.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>Each write blocks until readers have consumed all of its bytes; each read blocks until a
 * writer offers bytes or the write side closes, and copies straight from the writer's array into
 * the reader's (or, in {@link PipeReader#transferTo}, hands the writer's array to the target
 * stream). The pipe holds no data of its own, so memory is bounded by what each side holds and a
 * slow reader slows the writer.
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
  /**
   * How long a blocked call spins without seeing progress before it parks. Long enough to cover a
   * hand-off between two running threads (well under a microsecond) and the copy of a large read;
   * short enough that a side waiting for a slow peer stays almost idle.
   */
  private static final long SPIN_NANOS = 20_000;

  /** Spins between two looks at the clock. */
  private static final int SPINS_PER_CLOCK_CHECK = 64;

  /** The low bits of {@link #state}: the offered bytes not yet consumed. */
  private static final long REMAINING = 0x7fff_ffffL;

  /**
   * What {@link #awaitOffer} returns at the end of the stream: zero, because an offer always has
   * bytes remaining. (Not -1: the offer number in the high half turns negative after 2^31 offers.)
   */
  private static final long EOF = 0;

  /** A bit of {@link #state}: a reader is handing the offer to a target stream; it stays put. */
  private static final long BUSY = 0x8000_0000L;

  /** The error of a side closed without one. */
  private static final Throwable CLOSED = new Throwable("closed", null, false, false) {};

  private static final VarHandle STATE;
  private static final VarHandle BYTES;
  private static final VarHandle WRITER_WAIT;
  private static final VarHandle READER_WAIT;
  private static final VarHandle READER_ERROR;
  private static final VarHandle WRITER_ERROR;

  static {
    try {
      var lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Pipe.class, "state", long.class);
      BYTES = lookup.findVarHandle(Pipe.class, "bytes", long.class);
      WRITER_WAIT = lookup.findVarHandle(Pipe.class, "writerWaitNanos", long.class);
      READER_WAIT = lookup.findVarHandle(Pipe.class, "readerWaitNanos", long.class);
      READER_ERROR = lookup.findVarHandle(Pipe.class, "readerError", Throwable.class);
      WRITER_ERROR = lookup.findVarHandle(Pipe.class, "writerError", Throwable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final PipeReader reader = new PipeReader(this);
  private final PipeWriter writer = new PipeWriter(this);

  /** Held by a writer for the whole of its write: serialises writers. */
  private final ReentrantLock writeLock = new ReentrantLock();

  /** Held by a reader for the whole of its read: serialises readers. */
  private final ReentrantLock readLock = new ReentrantLock();

  /** The number of the latest offer. Guarded by {@code writeLock}. */
  private int offerNumber;

  /**
   * The array of the current offer. Written by the writer holding {@code writeLock} before it
   * publishes {@code state}; read by the reader holding {@code readLock} after it reads {@code
   * state}, and trusted only if {@code state} still has the same value afterwards.
   */
  private byte[] offer;

  /** The index in {@code offer} just past the offered bytes. Guarded like {@code offer}. */
  private int offerEnd;

  /**
   * The current offer: its number in the high 32 bits, so that no two offers look alike, and the
   * bytes not yet consumed (ending at {@code offerEnd}) in the low 31 bits; the {@link #BUSY} bit
   * while {@code transferTo} hands the offer to its target. Only the writer publishes an offer;
   * readers consume it by compare-and-set after copying; a writer that gives up (close or
   * interrupt) withdraws it by compare-and-set, so a reader whose compare-and-set fails knows its
   * copy is void and nothing it copied counts.
   */
  private volatile long state;

  /** The reader's error once the read side is closed: {@link #CLOSED} or the cause. Set once. */
  private volatile Throwable readerError;

  /** The writer's error once the write side is closed: {@link #CLOSED} or the cause. Set once. */
  private volatile Throwable writerError;

  /** The writer thread parked waiting for a reader, or null. */
  private volatile Thread parkedWriter;

  /** The reader thread parked waiting for a writer, or null. */
  private volatile Thread parkedReader;

  /** Bytes consumed by readers. Written only by the reader holding {@code readLock}. */
  private volatile long bytes;

  private volatile long writerWaitNanos;
  private volatile long readerWaitNanos;

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
    java.util.Objects.requireNonNull(producer, "producer");
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
    return bytes;
  }

  /**
   * The total time writers spent blocked waiting for readers to take their bytes, in nanoseconds.
   * A large share of the elapsed time means the reader side is the bottleneck. Waits shorter than
   * about a microsecond are not counted.
   */
  public long writerWaitNanos() {
    return writerWaitNanos;
  }

  /**
   * The total time readers spent blocked waiting for writers to offer bytes, in nanoseconds. A
   * large share of the elapsed time means the writer side is the bottleneck. Waits shorter than
   * about a microsecond are not counted.
   */
  public long readerWaitNanos() {
    return readerWaitNanos;
  }

  void write(byte[] b, int off, int len) throws IOException {
    lockInterruptibly(writeLock);
    try {
      checkWritable();
      if (len == 0) {
        return;
      }
      offer = b;
      offerEnd = off + len;
      long published = ((long) ++offerNumber << 32) | len;
      state = published;
      wake(parkedReader);
      awaitConsumed(published);
    } finally {
      offer = null;
      writeLock.unlock();
    }
  }

  /** Blocks until readers consumed the offer {@code published}, or withdraws it and throws. */
  private void awaitConsumed(long published) throws IOException {
    int len = (int) (published & REMAINING);
    long lastSeen = published;
    long waitStart = 0;
    long idleSince = 0;
    int spins = 0;
    boolean interrupted = false;
    try {
      while (true) {
        long st = state;
        if ((st & (REMAINING | BUSY)) == 0) {
          return;
        }
        if (st != lastSeen) {
          // The reader is making progress: keep spinning rather than park.
          lastSeen = st;
          idleSince = 0;
        }
        if (!interrupted && Thread.interrupted()) {
          // Cleared so that we can park while a busy offer is handed over; restored on the way out.
          interrupted = true;
        }
        boolean givingUp = interrupted || readerError != null || writerError != null;
        if (givingUp && (st & BUSY) == 0) {
          if (STATE.compareAndSet(this, st, 0L)) {
            throw writeFailure(len - (int) (st & REMAINING), interrupted);
          }
          continue;
        }
        // Not giving up, or giving up but a reader is handing our array to its target, which
        // cannot be taken back mid-call: wait for it like for any reader.
        if (++spins < SPINS_PER_CLOCK_CHECK) {
          Thread.onSpinWait();
          continue;
        }
        spins = 0;
        long now = System.nanoTime();
        if (waitStart == 0) {
          waitStart = now;
        }
        if (idleSince == 0) {
          idleSince = now;
        } else if (now - idleSince > SPIN_NANOS) {
          parkedWriter = Thread.currentThread();
          // Look again after publishing ourselves, so a reader that finished meanwhile is seen.
          if (state == lastSeen
              && (givingUp || (readerError == null && writerError == null))) {
            LockSupport.park(this);
          }
          parkedWriter = null;
          idleSince = 0;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (waitStart != 0) {
        WRITER_WAIT.getAndAdd(this, System.nanoTime() - waitStart);
      }
    }
  }

  private IOException writeFailure(int transferred, boolean interrupted) {
    if (interrupted && readerError == null && writerError == null) {
      var e = new InterruptedIOException("interrupted");
      e.bytesTransferred = transferred;
      return e;
    }
    try {
      checkWritable();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("write withdrawn without a cause");
  }

  private void checkWritable() throws IOException {
    if (writerError != null) {
      throw new ClosedPipeException("write on closed pipe writer");
    }
    Throwable r = readerError;
    if (r == CLOSED) {
      throw new ClosedPipeException("write on pipe closed by its reader");
    }
    if (r != null) {
      throw new IOException("pipe reader failed: " + r, r);
    }
  }

  int read(byte[] b, int off, int len) throws IOException {
    lockInterruptibly(readLock);
    try {
      checkReadable();
      if (len == 0) {
        return 0;
      }
      while (true) {
        long st = awaitOffer();
        if (st == EOF) {
          return -1;
        }
        byte[] array = offer;
        int end = offerEnd;
        // Trust the fields only if the offer they belong to is still the one we saw.
        VarHandle.loadLoadFence();
        if (state != st || array == null) {
          continue;
        }
        int s = (int) (st & REMAINING);
        int n = Math.min(s, len);
        System.arraycopy(array, end - s, b, off, n);
        if (STATE.compareAndSet(this, st, st - n)) {
          BYTES.setRelease(this, bytes + n);
          if (s == n) {
            wake(parkedWriter);
          }
          return n;
        }
        // The writer withdrew its offer while we copied: what we copied is void.
      }
    } finally {
      readLock.unlock();
    }
  }

  long transferTo(OutputStream out) throws IOException {
    lockInterruptibly(readLock);
    try {
      checkReadable();
      long total = 0;
      while (true) {
        long st = awaitOffer();
        if (st == EOF) {
          return total;
        }
        if (!STATE.compareAndSet(this, st, st | BUSY)) {
          continue;
        }
        // The writer cannot withdraw a busy offer, so these fields and its array stay ours.
        int s = (int) (st & REMAINING);
        try {
          out.write(offer, offerEnd - s, s);
        } catch (Throwable t) {
          state = st;
          wake(parkedWriter);
          throw t;
        }
        state = st - s;
        BYTES.setRelease(this, bytes + s);
        total += s;
        wake(parkedWriter);
      }
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Blocks until a writer offers bytes and returns the offer's state, or returns {@link #EOF} when
   * the write side was closed without error and nothing is offered. Called with {@code readLock} held.
   */
  private long awaitOffer() throws IOException {
    long waitStart = 0;
    long spinStart = 0;
    int spins = 0;
    try {
      while (true) {
        long st = state;
        if ((st & REMAINING) != 0) {
          return st;
        }
        checkReadable();
        Throwable w = writerError;
        if (w != null) {
          if (w == CLOSED) {
            return EOF;
          }
          throw new IOException("pipe writer failed: " + w, w);
        }
        if (Thread.currentThread().isInterrupted()) {
          var e = new InterruptedIOException("interrupted");
          e.bytesTransferred = 0;
          throw e;
        }
        if (++spins < SPINS_PER_CLOCK_CHECK) {
          Thread.onSpinWait();
          continue;
        }
        spins = 0;
        long now = System.nanoTime();
        if (waitStart == 0) {
          waitStart = now;
          spinStart = now;
        } else if (now - spinStart > SPIN_NANOS) {
          parkedReader = Thread.currentThread();
          // Look again after publishing ourselves, so a writer that offered meanwhile is seen.
          if ((state & REMAINING) == 0 && writerError == null && readerError == null) {
            LockSupport.park(this);
          }
          parkedReader = null;
          spinStart = System.nanoTime();
        }
      }
    } finally {
      if (waitStart != 0) {
        READER_WAIT.getAndAdd(this, System.nanoTime() - waitStart);
      }
    }
  }

  private void checkReadable() throws ClosedPipeException {
    if (readerError != null) {
      throw new ClosedPipeException("read on closed pipe reader");
    }
  }

  int available() {
    long st = state;
    return (st & BUSY) != 0 ? 0 : (int) (st & REMAINING);
  }

  void closeReader(Throwable error) {
    READER_ERROR.compareAndSet(this, null, error == null ? CLOSED : error);
    wakeAll();
  }

  void closeWriter(Throwable error) {
    WRITER_ERROR.compareAndSet(this, null, error == null ? CLOSED : error);
    wakeAll();
  }

  private void wakeAll() {
    wake(parkedWriter);
    wake(parkedReader);
  }

  private static void wake(Thread t) {
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  private static void lockInterruptibly(ReentrantLock lock) throws InterruptedIOException {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var io = new InterruptedIOException("interrupted");
      io.bytesTransferred = 0;
      throw io;
    }
  }

  /** Advances the offer number by {@code n}, so a test can reach its wrap-around quickly. */
  void skipOffers(int n) {
    writeLock.lock();
    try {
      offerNumber += n;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Pipe[bytes=" + bytes + ", writerWaitNanos=" + writerWaitNanos + ", readerWaitNanos="
        + readerWaitNanos + ", readerClosed=" + (readerError != null) + ", writerClosed="
        + (writerError != null) + "]";
  }
}
