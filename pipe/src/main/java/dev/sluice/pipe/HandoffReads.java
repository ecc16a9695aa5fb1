package dev.sluice.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader's half of the hand-off: a read copies out of a writer's offer, or posts its buffer
 * for writers to fill and waits; transferTo hands offers to its target. Takes the read lock for
 * the whole of a call.
 */
abstract class HandoffReads extends HandoffWrites {
  /**
   * The longest a read whose buffer writers are filling waits for more before it returns: while
   * each look finds more bytes than the one before, a stream of small writes fills one read's
   * buffer instead of paying a hand-off per write. A look that finds no new bytes ends the wait.
   */
  private static final long LINGER_NANOS = 20_000;

  /**
   * The time between two looks at a posted buffer by the read waiting on it. A look takes the
   * request's cache line from the writer filling it, which costs the writer a miss; between looks
   * the reader polls only the full signal, which a writer stores once per buffer, and the offer.
   */
  private static final long LOOK_NANOS = 1_000;

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
    consumed(st, n);
    return n;
  }

  /**
   * Releases the offer {@code st}, pinned by this reader, with {@code n} more of its bytes
   * consumed. The reader that empties it drops the writer's array (the writer no longer touches
   * the offer's line) and then tells the writer through the done signal; a writer waiting to
   * withdraw is woken either way.
   */
  private void consumed(long st, int n) {
    boolean emptied = n == (int) (st & REMAINING);
    if (emptied) {
      offer = null;
    }
    offerState = st - n;
    if (emptied) {
      OFFER_DONE.setRelease(this, numberOf(st));
    }
    BYTES_TAKEN.setRelease(this, bytesTaken + n);
    if (emptied || writerWithdrawing) {
      readerWokeWriter |= wake(parkedWriter);
    }
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
        consumed(st, s);
        total += s;
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

  private void checkReadable() throws ClosedPipeException {
    if (readerError != null) {
      throw new ClosedPipeException("read on closed pipe reader");
    }
  }
}
