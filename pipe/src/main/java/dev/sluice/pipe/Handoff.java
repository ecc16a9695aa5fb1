package dev.sluice.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The machinery of a {@link Pipe}: how bytes get from a writer's array to a reader's. See
 * CONCURRENCY.md beside this module for the protocol and why it is shaped this way.
 *
 * <p>A small write (at most {@link #FILL_MAX}) that finds a reader waiting with its buffer posted
 * (a <em>request</em>) copies into that buffer and returns at once; any other write posts its bytes
 * (an <em>offer</em>) and a reader copies out of the writer's array. So a running writer can fill
 * a sleeping reader's buffer with many small writes, and a running reader can drain a sleeping
 * writer's large write, with no wake-up in between: one side's time slice does the work of many
 * hand-offs, as on Go's scheduler.
 */
final class Handoff extends HandoffLayout.Pad7 {
  /**
   * The longest a blocked call spins before it parks. Long enough to cover a hand-off between two
   * running threads (well under a microsecond) and a reader's copy of 32 KiB; short enough that a
   * side waiting for a slow peer stays almost idle.
   */
  private static final long MAX_SPIN_NANOS = 50_000;

  /**
   * The shortest spin of a platform thread whose recent waits all ended parked (its peer is slow).
   * Longer than a reader's copy of 32 KiB, so that two fast sides that both fell back to parking
   * (after a preemption, say) see each other's progress again and return to spinning.
   */
  private static final long MIN_SPIN_NANOS = 25_000;

  /**
   * The shortest spin of a virtual thread whose recent waits all ended parked. Its wake-up costs
   * less than a platform thread's (a few microseconds from another carrier), but with no spin at
   * all a writer whose large offer takes a running reader 20 us to drain would park on every
   * write: the spin must outlast one 32 KiB copy, so that the writer sees the offer shrink.
   */
  private static final long VIRTUAL_MIN_SPIN_NANOS = 5_000;

  /** Spins between two looks at the clock (a look costs about as much as 16 spins' reads). */
  private static final int SPINS_PER_CLOCK_CHECK = 16;

  /**
   * The largest write copied into a waiting read's buffer by the writer. A larger write is offered
   * and the reader copies it: the reader's buffer then stays in the reader's core's cache instead
   * of moving between the cores with every read, and one hand-off moves a whole read's worth.
   */
  static final int FILL_MAX = 8 * 1024;

  /**
   * The longest a read whose buffer writers are filling waits for more before it returns: while
   * each look finds more bytes than the one before, a stream of small writes fills one read's
   * buffer instead of paying a hand-off per write. A look that finds no new bytes ends the wait.
   */
  private static final long LINGER_NANOS = 20_000;

  /**
   * The time between two looks at its offer by a writer waiting for readers to empty it (it polls
   * the done signal meanwhile): long enough that a reader copies 32 KiB undisturbed, short enough
   * to see a large offer shrink long before the writer's spin budget runs out.
   */
  private static final long OFFER_LOOK_NANOS = 2_000;

  /** How long a small write waits for a reading reader's next buffer before it offers instead. */
  private static final long AWAIT_REQUEST_NANOS = 2_000;

  /**
   * The time between two looks at a posted buffer by the read waiting on it. A look takes the
   * request's cache line from the writer filling it, which costs the writer a miss; between looks
   * the reader polls only the full signal, which a writer stores once per buffer, and the offer.
   */
  private static final long LOOK_NANOS = 1_000;

  /** The low bits of {@link #offerState}: the offered bytes not yet consumed. */
  private static final long REMAINING = 0x7fff_ffffL;

  /** A bit of {@link #offerState}: a reader is handing the offer to a target stream. */
  private static final long BUSY = 0x8000_0000L;

  /**
   * The low bits of {@link #request}: the bytes writers copied into the posted buffer. The high 32
   * bits hold the request's number, which the writer that fills it stores in requestFull.
   */
  private static final long FILLED = 0x3fff_ffffL;

  /** A bit of {@link #request}: the posted buffer has room and writers may copy into it. */
  private static final long OPEN = 0x4000_0000L;

  /** A bit of {@link #request}: a writer is copying into the posted buffer; it stays put. */
  private static final long COPYING = 0x8000_0000L;

  /** The error of a side closed without one. */
  static final Throwable CLOSED = new Throwable("closed", null, false, false) {};

  private static final VarHandle OFFER_STATE;
  private static final VarHandle REQUEST;
  private static final VarHandle OFFER_DONE;
  private static final VarHandle REQUEST_FULL;
  private static final VarHandle BYTES_TAKEN;
  private static final VarHandle BYTES_GIVEN;
  private static final VarHandle WRITER_WAIT;
  private static final VarHandle READER_WAIT;
  private static final VarHandle READER_ERROR;
  private static final VarHandle WRITER_ERROR;

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
  private final HandoffLayout.Mutex writeLock = new HandoffLayout.Mutex();

  /** Held by a reader for the whole of its read: serialises readers. */
  private final HandoffLayout.Mutex readLock = new HandoffLayout.Mutex();

  Handoff() {
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

  void write(byte[] b, int off, int len) throws IOException {
    lockInterruptibly(writeLock);
    try {
      checkWritable();
      if (len == 0) {
        return;
      }
      int end = off + len;
      int pos = off;
      if (len <= FILL_MAX || (wholeRequested && wholeRequestOpen())) {
        pos = fillRequests(b, off, end);
        while (pos < end && awaitRequest()) {
          pos = fillRequests(b, pos, end);
        }
      }
      if (pos == end) {
        return;
      }
      // No reader is waiting with room: offer the rest and wait for readers to take it.
      int number = ++offerNumber;
      if (number == offerDone) {
        // Only after 2^32 offers: a number must differ from the last one emptied.
        number = ++offerNumber;
      }
      offer = b;
      offerEnd = end;
      long published = ((long) number << 32) | (end - pos);
      offerState = published;
      writerWokeReader |= wake(parkedReader);
      // The reader that empties the offer drops the array; a withdrawn one is dropped here.
      awaitConsumed(published, pos - off);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Whether an open request wants to be filled whole: then the writer copies into it whatever the
   * size of the write, since its reader sleeps until it is full. A hint read without claiming the
   * request; a stale answer only chooses the other path.
   */
  private boolean wholeRequestOpen() {
    return (request & OPEN) != 0 && requestWhole != 0;
  }

  /**
   * Copies bytes {@code pos..end} of {@code b} into the reader's posted buffer for as long as it has
   * room, and returns the index of the first byte not copied. Called with {@code writeLock} held.
   */
  private int fillRequests(byte[] b, int pos, int end) {
    while (pos < end) {
      long r = request;
      if ((r & OPEN) == 0 || !REQUEST.compareAndSet(this, r, r | COPYING)) {
        // No open request, or the reader took it back just now: offer what is left instead.
        if ((r & OPEN) == 0) {
          return pos;
        }
        continue;
      }
      // The request cannot move while COPYING is set, so its fields are ours to read.
      int filled = (int) (r & FILLED);
      int room = requestLength - filled;
      int n = Math.min(room, end - pos);
      System.arraycopy(b, pos, requestArray, requestOffset + filled, n);
      long next = r + n;
      boolean full = n == room;
      if (full) {
        next &= ~OPEN;
      }
      boolean whole = requestWhole != 0;
      request = next;
      if (full) {
        // The waiting reader polls this, not the request, so that its looks cost us no miss.
        REQUEST_FULL.setRelease(this, (long) (int) (r >>> 32));
      }
      BYTES_GIVEN.setRelease(this, bytesGiven + n);
      if (!whole || full) {
        writerWokeReader |= wake(parkedReader);
      }
      pos += n;
    }
    return pos;
  }

  /**
   * Waits a moment for a reader that is reading (not transferring) to post its next buffer, and
   * returns whether one is open: a reader between two reads of a fast stream posts again within a
   * fraction of a microsecond, and filling its buffer costs no hand-off, where an offer costs one.
   * Called with {@code writeLock} held.
   */
  private boolean awaitRequest() {
    if (!readerPosts) {
      return false;
    }
    long start = 0;
    while (true) {
      for (int i = 0; i < SPINS_PER_CLOCK_CHECK; i++) {
        if ((request & OPEN) != 0) {
          return true;
        }
        Thread.onSpinWait();
      }
      if (closedOrInterrupted()) {
        return false;
      }
      long now = System.nanoTime();
      if (start == 0) {
        start = now;
      } else if (now - start >= AWAIT_REQUEST_NANOS) {
        return false;
      }
    }
  }

  /**
   * Blocks until readers consumed the offer {@code published}, or withdraws it and throws. {@code
   * given} bytes of this write went into requests before the offer. The wait polls {@code
   * offerDone}, which the reader writes once, when it empties the offer; it looks at the offer
   * itself (whose line the copying reader is using) only at each look at the clock.
   */
  private void awaitConsumed(long published, int given) throws IOException {
    int number = (int) (published >>> 32);
    int len = (int) (published & REMAINING);
    long lastSeen = published;
    long waitStart = 0;
    long idleSince = 0;
    long nextLook = 0;
    int spins = 0;
    long spinNanos = writerSpinNanos;
    boolean yielding = writerWokeReader && Thread.currentThread().isVirtual();
    boolean parked = false;
    boolean interrupted = false;
    try {
      while (true) {
        if (offerDone == number) {
          return;
        }
        if (!yielding && ++spins < SPINS_PER_CLOCK_CHECK) {
          Thread.onSpinWait();
          continue;
        }
        spins = 0;
        if (!interrupted && Thread.interrupted()) {
          // Cleared so that we can park while a busy offer is handed over; restored on the way out.
          interrupted = true;
        }
        boolean givingUp = interrupted || readerError != null || writerError != null;
        long now = System.nanoTime();
        if (waitStart == 0) {
          waitStart = now;
          idleSince = now;
        } else if (!givingUp && !yielding && now - nextLook < 0) {
          continue;
        }
        // A look at the offer takes its cache line from the reader copying out of it, so the
        // writer looks only every OFFER_LOOK_NANOS (or to give up); offerDone says it is empty.
        nextLook = now + OFFER_LOOK_NANOS;
        long st = offerState;
        if ((st & (REMAINING | BUSY)) == 0) {
          return;
        }
        // Progress extends the spin: a reader draining a large offer 32 KiB at a time is running,
        // and parking now would cost an OS wake-up at the end of every large write.
        if (st != lastSeen) {
          lastSeen = st;
          idleSince = now;
        }
        if (givingUp && !writerWithdrawing) {
          // A reader that pins the offer wakes us when it lets go, even mid-offer.
          writerWithdrawing = true;
          continue;
        }
        if (givingUp && (st & BUSY) == 0) {
          if (OFFER_STATE.compareAndSet(this, st, 0L)) {
            offer = null;
            throw writeFailure(given + len - (int) (st & REMAINING), interrupted);
          }
          continue;
        }
        // Not giving up, or giving up but a reader is handing our array to its target, which
        // cannot be taken back mid-call: wait for it like for any reader.
        if (yielding) {
          Thread.yield();
        }
        if (now - idleSince >= spinNanos) {
          parkedWriter = Thread.currentThread();
          // Look again after publishing ourselves, so a reader that finished meanwhile is seen.
          if (offerState == lastSeen
              && (givingUp || (readerError == null && writerError == null))) {
            LockSupport.park(this);
            parked = true;
          }
          parkedWriter = null;
          idleSince = System.nanoTime();
        }
      }
    } finally {
      if (writerWithdrawing) {
        writerWithdrawing = false;
      }
      // Stores only when something changed, to keep the writer's lines quiet.
      long spin = adapt(writerSpinNanos, parked);
      if (spin != writerSpinNanos) {
        writerSpinNanos = spin;
      }
      if (writerWokeReader) {
        writerWokeReader = false;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (waitStart != 0) {
        // Only the writer holding writeLock adds: a release store, no locked instruction.
        WRITER_WAIT.setRelease(this, writerWaitNanos + (System.nanoTime() - waitStart));
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
    return read(b, off, len, false);
  }

  /**
   * Reads like {@link #read(byte[], int, int)}; with {@code whole}, a buffer that writers fill is
   * returned only once it is full (or a side closed, the thread was interrupted, or a writer
   * offered instead), and writers wake this read only then, so a reader that wants whole buffers
   * (readNBytes) sleeps through any number of small writes.
   */
  int read(byte[] b, int off, int len, boolean whole) throws IOException {
    lockInterruptibly(readLock);
    try {
      checkReadable();
      if (!readerPosts) {
        readerPosts = true;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        long st = offerState;
        if ((st & REMAINING) != 0) {
          int n = take(st, b, off, len);
          if (n > 0) {
            return n;
          }
          continue;
        }
        int n = awaitWriter(b, off, (int) Math.min(len, FILLED), whole);
        if (n != 0) {
          return n;
        }
        // A writer offered instead of filling: take from its offer.
      }
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Copies up to {@code len} bytes of the offer {@code st} into {@code b} and consumes them; returns
   * how many, or 0 if the offer changed meanwhile. The offer is pinned ({@link #BUSY}) before the
   * copy, so the writer cannot withdraw it mid-copy and no byte lands in {@code b} that the read
   * does not return.
   */
  private int take(long st, byte[] b, int off, int len) {
    if ((st & BUSY) != 0 || !OFFER_STATE.compareAndSet(this, st, st | BUSY)) {
      return 0;
    }
    // Pinned: these fields belong to the offer st until we release it.
    byte[] array = offer;
    int s = (int) (st & REMAINING);
    int n = Math.min(s, len);
    System.arraycopy(array, offerEnd - s, b, off, n);
    if (s == n) {
      // Emptied: drop the writer's array (the writer no longer touches this line), then tell it.
      offer = null;
      offerState = st - n;
      OFFER_DONE.setRelease(this, (long) (int) (st >>> 32));
      BYTES_TAKEN.setRelease(this, bytesTaken + n);
      readerWokeWriter |= wake(parkedWriter);
    } else {
      offerState = st - n;
      BYTES_TAKEN.setRelease(this, bytesTaken + n);
      if (writerWithdrawing) {
        readerWokeWriter |= wake(parkedWriter);
      }
    }
    return n;
  }

  long transferTo(OutputStream out) throws IOException {
    lockInterruptibly(readLock);
    try {
      checkReadable();
      readerPosts = false;
      long total = 0;
      while (true) {
        if (awaitWriter(null, 0, 0, false) == -1) {
          return total;
        }
        long st = offerState;
        if ((st & REMAINING) == 0 || !OFFER_STATE.compareAndSet(this, st, st | BUSY)) {
          continue;
        }
        // The writer cannot withdraw a busy offer, so these fields and its array stay ours.
        int s = (int) (st & REMAINING);
        try {
          out.write(offer, offerEnd - s, s);
        } catch (Throwable t) {
          offerState = st;
          wake(parkedWriter);
          throw t;
        }
        offer = null;
        offerState = st - s;
        OFFER_DONE.setRelease(this, (long) (int) (st >>> 32));
        BYTES_TAKEN.setRelease(this, bytesTaken + s);
        total += s;
        readerWokeWriter |= wake(parkedWriter);
      }
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Blocks until a writer fills the reader's buffer or offers bytes, or a side closes. With {@code
   * b} non-null, first posts {@code b[off..off+len)} as a request for writers to fill; transferTo
   * posts none, since it hands writers' own arrays to its target and so needs them to offer.
   * Returns the bytes filled; 0 when a writer offered bytes instead (the request, if any, was taken
   * back empty); -1 at the end of the stream. Called with {@code readLock} held.
   */
  private int awaitWriter(byte[] b, int off, int len, boolean whole) throws IOException {
    int number = 0;
    long lastLook = 0;
    if (b != null) {
      requestArray = b;
      requestOffset = off;
      requestLength = len;
      requestWhole = whole ? 1 : 0;
      if (wholeRequested != whole) {
        wholeRequested = whole;
      }
      number = ++requestNumber;
      if (number == requestFull) {
        // Only after 2^32 requests: a number must differ from the last one filled.
        number = ++requestNumber;
      }
      lastLook = ((long) number << 32) | OPEN;
      // Release suffices: the fields above are ordered before the word, and no wait of ours
      // needs the writer to see it before we look again.
      REQUEST.setRelease(this, lastLook);
    }
    if (lingerStart != 0) {
      lingerStart = 0;
    }
    long waitStart = 0;
    long spinStart = 0;
    long nextLook = 0;
    int spins = 0;
    long spinNanos = readerSpinNanos;
    boolean yielding = readerWokeWriter && Thread.currentThread().isVirtual();
    boolean parked = false;
    try {
      while (true) {
        // Each spin watches only what costs the writers nothing to watch: the full signal,
        // which a writer stores once per buffer, and the offer word, untouched while they fill.
        if (b != null && requestFull == number) {
          // Filled to the brim: no writer touches a full request, so it is ours without a look.
          return len;
        }
        boolean offered = (offerState & REMAINING) != 0;
        if (offered && b != null && readerError == null) {
          // The common way out of a fast stream of large writes, taken without the clock: an
          // offer wins over the writer's close and an interrupt (see endOfWait), so only our
          // own close is checked; an empty request is taken back and the offer is read.
          long r = request;
          if ((r & (FILLED | COPYING)) == 0 && REQUEST.compareAndSet(this, r, 0L)) {
            return 0;
          }
        }
        if (!offered && !yielding && ++spins < SPINS_PER_CLOCK_CHECK) {
          Thread.onSpinWait();
          continue;
        }
        if (yielding) {
          Thread.yield();
        }
        spins = 0;
        long now = System.nanoTime();
        if (waitStart == 0) {
          waitStart = now;
          spinStart = now;
          nextLook = now + LOOK_NANOS;
        }
        boolean stop = offered || closedOrInterrupted();
        if (b == null) {
          if (stop) {
            return endOfWait();
          }
        } else if (stop || now - nextLook >= 0) {
          // Look at the request. Its line is the filling writer's, and each look costs the writer
          // a miss, so a look comes only every LOOK_NANOS, or when the wait must end.
          nextLook = now + LOOK_NANOS;
          long r = request;
          lastLook = r;
          if ((r & COPYING) != 0) {
            // A writer is copying into our buffer: wait for it, however we end.
            nextLook = now;
          } else if ((r & FILLED) != 0) {
            // Bytes arrived: return them, even if a side closed or we were interrupted meanwhile,
            // because their writer already counts them as consumed; but first give a writer that
            // is still filling the buffer a moment to fill more.
            boolean more = (r & OPEN) != 0 && !stop && (whole || linger(r, now));
            if (!more) {
              if (REQUEST.compareAndSet(this, r, 0L)) {
                return (int) (r & FILLED);
              }
              nextLook = now;
              continue;
            }
          } else if (stop) {
            // Empty, so take it back before leaving; a writer claiming it meanwhile fails the CAS.
            if (!REQUEST.compareAndSet(this, r, 0L)) {
              nextLook = now;
              continue;
            }
            return endOfWait();
          }
        }
        if (lingerStart != 0 && !whole) {
          // Lingering is bounded by LINGER_NANOS: no parking.
          continue;
        }
        if (now - spinStart >= spinNanos) {
          parkedReader = Thread.currentThread();
          // Look again after publishing ourselves, so a writer that filled or offered is seen.
          if ((b == null || (request == lastLook && requestFull != number))
              && (offerState & REMAINING) == 0 && writerError == null && readerError == null) {
            LockSupport.park(this);
            parked = true;
          }
          parkedReader = null;
          spinStart = System.nanoTime();
          nextLook = spinStart;
        }
      }
    } finally {
      long spin = adapt(readerSpinNanos, parked);
      if (spin != readerSpinNanos) {
        readerSpinNanos = spin;
      }
      if (readerWokeWriter) {
        readerWokeWriter = false;
      }
      if (waitStart != 0) {
        // Only the reader holding readLock adds: a release store, no locked instruction.
        READER_WAIT.setRelease(this, readerWaitNanos + (System.nanoTime() - waitStart));
      }
    }
  }

  /** Whether a side closed or the calling thread was interrupted: every wait's way out. */
  private boolean closedOrInterrupted() {
    return readerError != null || writerError != null || Thread.currentThread().isInterrupted();
  }

  /**
   * Whether a read whose posted buffer {@code r} has bytes and room should wait for more: true at
   * the first look that finds bytes, and then while each look finds more than the one before; false
   * when a look finds no new bytes (the writer paused) or the read lingered {@link #LINGER_NANOS}
   * in all. Called with {@code readLock} held.
   */
  private boolean linger(long r, long now) {
    if (lingerStart == 0) {
      lingerStart = now;
    } else if (r == lingerSeen || now - lingerStart >= LINGER_NANOS) {
      return false;
    }
    lingerSeen = r;
    return true;
  }

  /**
   * Why a reader with no bytes stops waiting: 0 if a writer offered (take it), -1 at the end of the
   * stream, else the failure to throw. An offer wins over the writer's close and an interrupt, as
   * the call is then not blocked; the reader's own close wins over everything.
   */
  private int endOfWait() throws IOException {
    checkReadable();
    if ((offerState & REMAINING) != 0) {
      return 0;
    }
    Throwable w = writerError;
    if (w == CLOSED) {
      return -1;
    }
    if (w != null) {
      throw new IOException("pipe writer failed: " + w, w);
    }
    if (Thread.currentThread().isInterrupted()) {
      var e = new InterruptedIOException("interrupted");
      e.bytesTransferred = 0;
      throw e;
    }
    return 0;
  }

  /**
   * The next spin budget of a side whose last wait ended {@code parked} or not: a wait that ended
   * while spinning says the peer is fast, so spin twice as long next time (at least 1 µs, at most
   * {@link #MAX_SPIN_NANOS}); one that had to park says the peer is slow (or not running), so spin
   * half as long next time, down to {@link #MIN_SPIN_NANOS} on a platform thread and to {@link
   * #VIRTUAL_MIN_SPIN_NANOS} on a virtual one. A virtual thread's spin holds a carrier that its
   * peer, just woken, may be queued for, and its park costs less, so it gives up spinning first.
   */
  private static long adapt(long spinNanos, boolean parked) {
    if (!parked) {
      return Math.min(MAX_SPIN_NANOS, Math.max(spinNanos << 1, 1_000));
    }
    long floor = Thread.currentThread().isVirtual() ? VIRTUAL_MIN_SPIN_NANOS : MIN_SPIN_NANOS;
    return Math.max(floor, spinNanos >> 1);
  }

  private void checkReadable() throws ClosedPipeException {
    if (readerError != null) {
      throw new ClosedPipeException("read on closed pipe reader");
    }
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

  private void wakeAll() {
    wake(parkedWriter);
    wake(parkedReader);
  }

  /** Unparks {@code t} if it is not null; returns whether it did. */
  private static boolean wake(Thread t) {
    if (t != null) {
      LockSupport.unpark(t);
      return true;
    }
    return false;
  }

  private static void lockInterruptibly(HandoffLayout.Mutex lock) throws InterruptedIOException {
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
