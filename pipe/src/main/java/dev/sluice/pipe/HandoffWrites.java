package dev.sluice.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer's half of the hand-off: a small write fills the reader's posted buffer, any other
 * write offers its bytes and waits for readers to take them (or withdraws them on a close or an
 * interrupt). Called with nothing held; takes the write lock for the whole of a write.
 */
abstract class HandoffWrites extends HandoffBase {
  /**
   * The largest write copied into a waiting read's buffer by the writer. A larger write is offered
   * and the reader copies it: the reader's buffer then stays in the reader's core's cache instead
   * of moving between the cores with every read, and one hand-off moves a whole read's worth.
   */
  static final int FILL_MAX = 8 * 1024;

  /**
   * The time between two looks at its offer by a writer waiting for readers to empty it (it polls
   * the done signal meanwhile): long enough that a reader copies 32 KiB undisturbed, short enough
   * to see a large offer shrink long before the writer's spin budget runs out.
   */
  private static final long OFFER_LOOK_NANOS = 2_000;

  /** How long a small write waits for a reading reader's next buffer before it offers instead. */
  private static final long AWAIT_REQUEST_NANOS = 2_000;

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
        REQUEST_FULL.setRelease(this, numberOf(r));
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
    long number = numberOf(published);
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
}
