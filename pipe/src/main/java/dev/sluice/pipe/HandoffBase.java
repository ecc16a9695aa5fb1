package dev.sluice.pipe;

import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * What both halves of the hand-off share: the bits of the two words, the variable handles, the
 * locks, the closes and counters, and the spin-then-park policy of every wait. The writer's half
 * of the protocol is {@link HandoffWrites}, the reader's {@link HandoffReads}; the fields are laid
 * out in {@link HandoffLayout}. See CONCURRENCY.md beside this module.
 */
abstract class HandoffBase extends HandoffLayout.Pad7 {
  /**
   * The longest a blocked call spins before it parks. Long enough to cover a hand-off between two
   * running threads (well under a microsecond) and a reader's copy of 32 KiB; short enough that a
   * side waiting for a slow peer stays almost idle.
   */
  static final long MAX_SPIN_NANOS = 50_000;

  /**
   * The shortest spin of a platform thread whose recent waits all ended parked (its peer is slow).
   * Longer than a reader's copy of 32 KiB, so that two fast sides that both fell back to parking
   * (after a preemption, say) see each other's progress again and return to spinning.
   */
  static final long MIN_SPIN_NANOS = 25_000;

  /**
   * The shortest spin of a virtual thread whose recent waits all ended parked. Its wake-up costs
   * less than a platform thread's, and its spin holds a carrier, so it gives up first: but with no
   * spin at all a writer whose 1 MiB offer a running reader drains in 20 us parked on every write,
   * its first look coming before the first 32 KiB copy ended, and lost a third of its speed. One
   * look's worth (the writer looks at its offer every 2 us) is enough to see an offer shrink; a
   * 5 us floor made a real export, where the spinning steals a core from the database, 4% slower.
   */
  static final long VIRTUAL_MIN_SPIN_NANOS = 2_000;

  /** Spins between two looks at the clock (a look costs about as much as 16 spins' reads). */
  static final int SPINS_PER_CLOCK_CHECK = 16;

  /** The low bits of {@link #offerState}: the offered bytes not yet consumed. */
  static final long REMAINING = 0x7fff_ffffL;

  /**
   * A bit of {@link #offerState}: a reader pins the offer (copies out of it, or hands it to a
   * target stream), and the writer cannot withdraw it meanwhile.
   */
  static final long BUSY = 0x8000_0000L;

  /**
   * The low bits of {@link #request}: the bytes writers copied into the posted buffer. The high 32
   * bits hold the request's number, which the writer that fills it stores in requestFull.
   */
  static final long FILLED = 0x3fff_ffffL;

  /** A bit of {@link #request}: the posted buffer has room and writers may copy into it. */
  static final long OPEN = 0x4000_0000L;

  /** A bit of {@link #request}: a writer is copying into the posted buffer; it stays put. */
  static final long COPYING = 0x8000_0000L;

  /**
   * The number in the high 32 bits of an offer or request word, as the done and full signals
   * hold it.
   */
  static long numberOf(long word) {
    return (int) (word >>> 32);
  }

  /** The error of a side closed without one. */
  static final Throwable CLOSED = new Throwable("closed", null, false, false) {};

  static final VarHandle OFFER_STATE;

  static final VarHandle REQUEST;

  static final VarHandle OFFER_DONE;

  static final VarHandle REQUEST_FULL;

  static final VarHandle BYTES_TAKEN;

  static final VarHandle BYTES_GIVEN;

  static final VarHandle WRITER_WAIT;

  static final VarHandle READER_WAIT;

  static final VarHandle READER_ERROR;

  static final VarHandle WRITER_ERROR;

  static {
    try {
      var lookup = MethodHandles.lookup();
      OFFER_STATE =
          lookup.findVarHandle(HandoffLayout.Offer.class, "offerState", long.class);
      REQUEST = lookup.findVarHandle(HandoffLayout.Request.class, "request", long.class);
      OFFER_DONE =
          lookup.findVarHandle(HandoffLayout.DoneSignal.class, "offerDone", long.class);
      REQUEST_FULL =
          lookup.findVarHandle(HandoffLayout.FullSignal.class, "requestFull", long.class);
      BYTES_TAKEN =
          lookup.findVarHandle(HandoffLayout.ReaderSide.class, "bytesTaken", long.class);
      BYTES_GIVEN =
          lookup.findVarHandle(HandoffLayout.WriterSide.class, "bytesGiven", long.class);
      WRITER_WAIT =
          lookup.findVarHandle(HandoffLayout.WriterSide.class, "writerWaitNanos", long.class);
      READER_WAIT =
          lookup.findVarHandle(HandoffLayout.ReaderSide.class, "readerWaitNanos", long.class);
      READER_ERROR =
          lookup.findVarHandle(HandoffLayout.Rare.class, "readerError", Throwable.class);
      WRITER_ERROR =
          lookup.findVarHandle(HandoffLayout.Rare.class, "writerError", Throwable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Held by a writer for the whole of its write: serialises writers. */
  final HandoffLayout.Mutex writeLock = new HandoffLayout.Mutex();

  /** Held by a reader for the whole of its read: serialises readers. */
  final HandoffLayout.Mutex readLock = new HandoffLayout.Mutex();

  HandoffBase() {
    writerSpinNanos = MAX_SPIN_NANOS;
    readerSpinNanos = MAX_SPIN_NANOS;
  }

  long bytesTransferred() {
    return (long) BYTES_TAKEN.getAcquire(this) + (long) BYTES_GIVEN.getAcquire(this);
  }

  long writerWaitNanos() {
    return writerWaitNanos;
  }

  long readerWaitNanos() {
    return readerWaitNanos;
  }

  boolean readerClosed() {
    return readerError != null;
  }

  boolean writerClosed() {
    return writerError != null;
  }

  /** Whether a side closed or the calling thread was interrupted: every wait's way out. */
  boolean closedOrInterrupted() {
    return readerError != null || writerError != null || Thread.currentThread().isInterrupted();
  }

  /**
   * The next spin budget of a side whose last wait ended {@code parked} or not: a wait that ended
   * while spinning says the peer is fast, so spin twice as long next time (at least 1 µs, at most
   * {@link #MAX_SPIN_NANOS}); one that had to park says the peer is slow (or not running), so spin
   * half as long next time, down to {@link #MIN_SPIN_NANOS} on a platform thread and to {@link
   * #VIRTUAL_MIN_SPIN_NANOS} on a virtual one. A virtual thread's spin holds a carrier that its
   * peer, just woken, may be queued for, and its park costs less, so it gives up spinning first.
   */
  static long adapt(long spinNanos, boolean parked) {
    if (!parked) {
      return Math.min(MAX_SPIN_NANOS, Math.max(spinNanos << 1, 1_000));
    }
    long floor = Thread.currentThread().isVirtual() ? VIRTUAL_MIN_SPIN_NANOS : MIN_SPIN_NANOS;
    return Math.max(floor, spinNanos >> 1);
  }

  int available() {
    long st = offerState;
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

  void wakeAll() {
    wake(parkedWriter);
    wake(parkedReader);
  }

  /** Unparks {@code t} if it is not null; returns whether it did. */
  static boolean wake(Thread t) {
    if (t != null) {
      LockSupport.unpark(t);
      return true;
    }
    return false;
  }

  static void lockInterruptibly(HandoffLayout.Mutex lock) throws InterruptedIOException {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var io = new InterruptedIOException("interrupted");
      io.bytesTransferred = 0;
      throw io;
    }
  }

  /** Advances the request number by {@code n}, so a test can reach its wrap-around quickly. */
  void skipRequests(int n) {
    readLock.lock();
    try {
      requestNumber += n;
    } finally {
      readLock.unlock();
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
}
