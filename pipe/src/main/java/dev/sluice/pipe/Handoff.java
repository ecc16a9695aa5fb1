package dev.sluice.pipe;

import static dev.sluice.pipe.Layout.numberOf;
import static dev.sluice.pipe.Offer.REMAINING;
import static dev.sluice.pipe.Request.COPYING;
import static dev.sluice.pipe.Request.FILLED;
import static dev.sluice.pipe.Request.OPEN;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * The machinery of a {@link Pipe}: how bytes get from a writer's array to a reader's. See
 * CONCURRENCY.md beside this module for the protocol and why it is shaped this way.
 *
 * <p>A small write (at most {@link #FILL_MAX}) that finds a reader waiting with its buffer posted
 * (a {@link Request}) copies into that buffer and returns at once; any other write posts its bytes
 * (an {@link Offer}) and a reader copies out of the writer's array. So a running writer can fill a
 * sleeping reader's buffer with many small writes, and a running reader can drain a sleeping
 * writer's large write, with no wake-up in between: one side's time slice does the work of many
 * hand-offs, as on Go's scheduler.
 *
 * <p>This class holds the protocol and wires the parts: the offer, the request, each side's {@link
 * Wait}, the {@link Closes}, and a {@link Mutex} per side that serialises writers and readers. Its
 * references to them are final, so their line is only ever read, and padded ({@link Layout}) so
 * that nothing the heap puts beside it shares that line; each part keeps its fields on lines of its
 * own.
 */
final class Handoff extends Layout.HandoffEnd {
  /**
   * The largest write copied into a waiting read's buffer by the writer. A larger write is offered
   * and the reader copies it: the reader's buffer then stays in the reader's core's cache instead
   * of moving between the cores with every read, and one hand-off moves a whole read's worth.
   */
  static final int FILL_MAX = 8 * 1024;

  /**
   * The time between two looks at a posted buffer by the read waiting on it. A look takes the
   * request's cache line from the writer filling it, which costs the writer a miss; between looks
   * the reader polls only the full signal, which a writer stores once per buffer, and the offer.
   */
  private static final long LOOK_NANOS = 1_000;

  Handoff() {
    this(new Closes());
  }

  private Handoff(Closes closes) {
    super(
        closes,
        new Offer(),
        new Request(),
        new Wait(closes),
        new Wait(closes),
        new Mutex(),
        new Mutex());
  }

  void write(byte[] b, int off, int len) throws IOException {
    writeLock.lockInterruptibly();
    try {
      closes.checkWritable();
      if (len == 0) {
        return;
      }
      int end = off + len;
      int pos = off;
      if (len <= FILL_MAX || request.wholeOpen()) {
        pos = request.fill(b, off, end, writes, reads);
        while (pos < end && request.awaitOpen(writes)) {
          pos = request.fill(b, pos, end, writes, reads);
        }
      }
      if (pos == end) {
        return;
      }
      // No reader is waiting with room: offer the rest and wait for readers to take it.
      long published = offer.publish(b, end, end - pos);
      writes.wake(reads);
      // The reader that empties the offer drops the array, and so does a withdrawal.
      offer.awaitConsumed(published, pos - off, writes, closes);
    } finally {
      writeLock.unlock();
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
    readLock.lockInterruptibly();
    try {
      closes.checkReadable();
      request.posts(true);
      if (len == 0) {
        return 0;
      }
      while (true) {
        long st = offer.state();
        if ((st & REMAINING) != 0) {
          int n = offer.take(st, b, off, len, reads, writes);
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

  long transferTo(OutputStream out) throws IOException {
    readLock.lockInterruptibly();
    try {
      closes.checkReadable();
      request.posts(false);
      long total = 0;
      while (true) {
        if (awaitWriter(null, 0, 0, false) == -1) {
          return total;
        }
        long st = offer.state();
        if ((st & REMAINING) == 0 || !offer.pin(st)) {
          continue;
        }
        // The writer cannot withdraw a pinned offer, so its array stays ours.
        int s = (int) (st & REMAINING);
        try {
          out.write(offer.array(), offer.end() - s, s);
        } catch (Throwable t) {
          offer.unpin(st);
          writes.unpark();
          throw t;
        }
        offer.consumed(st, s, reads, writes);
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
    Request request = this.request;
    Offer offer = this.offer;
    Wait wait = reads;
    long number = 0;
    long lastLook = 0;
    if (b != null) {
      lastLook = request.post(b, off, len, whole);
      number = numberOf(lastLook);
    }
    request.stopLingering();
    boolean looking = false;
    long nextLook = 0;
    wait.begin();
    try {
      while (true) {
        // Each spin watches only what costs the writers nothing to watch: the full signal,
        // which a writer stores once per buffer, and the offer word, untouched while they fill.
        if (b != null && request.full(number)) {
          // Filled to the brim: no writer touches a full request, so it is ours without a look.
          return len;
        }
        boolean offered = (offer.state() & REMAINING) != 0;
        if (offered && b != null && !closes.readerClosed()) {
          // The common way out of a fast stream of large writes, taken without the clock: an
          // offer wins over the writer's close and an interrupt (see endOfWait), so only our
          // own close is checked; an empty request is taken back and the offer is read.
          long r = request.state();
          if ((r & (FILLED | COPYING)) == 0 && request.takeBack(r)) {
            return 0;
          }
        }
        if (wait.spin(offered)) {
          continue;
        }
        wait.yieldCarrier();
        long now = wait.clock();
        if (!looking) {
          looking = true;
          nextLook = now + LOOK_NANOS;
        }
        boolean stop = offered || wait.closedOrInterrupted();
        if (b == null) {
          if (stop) {
            return endOfWait();
          }
        } else if (stop || now - nextLook >= 0) {
          // Look at the request. Its line is the filling writer's, and each look costs the writer
          // a miss, so a look comes only every LOOK_NANOS, or when the wait must end.
          nextLook = now + LOOK_NANOS;
          long r = request.state();
          lastLook = r;
          if ((r & COPYING) != 0) {
            // A writer is copying into our buffer: wait for it, however we end.
            nextLook = now;
          } else if ((r & FILLED) != 0) {
            // Bytes arrived: return them, even if a side closed or we were interrupted meanwhile,
            // because their writer already counts them as consumed; but first give a writer that
            // is still filling the buffer a moment to fill more.
            boolean more = (r & OPEN) != 0 && !stop && (whole || request.linger(r, now));
            if (!more) {
              if (request.takeBack(r)) {
                return (int) (r & FILLED);
              }
              nextLook = now;
              continue;
            }
          } else if (stop) {
            // Empty, so take it back before leaving; a writer claiming it meanwhile fails the CAS.
            if (!request.takeBack(r)) {
              nextLook = now;
              continue;
            }
            return endOfWait();
          }
        }
        if (request.lingering() && !whole) {
          // Lingering is bounded by LINGER_NANOS: no parking.
          continue;
        }
        if (wait.idle(now)) {
          wait.announce();
          // Look again after announcing, so a writer that filled or offered is seen.
          nextLook =
              wait.sleep(
                  (b == null || (request.state() == lastLook && !request.full(number)))
                      && (offer.state() & REMAINING) == 0
                      && !closes.any());
        }
      }
    } finally {
      wait.end();
    }
  }

  /**
   * Why a reader with no bytes stops waiting: 0 if a writer offered (take it), -1 at the end of the
   * stream, else the failure to throw. An offer wins over the writer's close and an interrupt, as
   * the call is then not blocked; the reader's own close wins over everything.
   */
  private int endOfWait() throws IOException {
    closes.checkReadable();
    if ((offer.state() & REMAINING) != 0) {
      return 0;
    }
    if (closes.checkEnd() == -1) {
      return -1;
    }
    if (Thread.currentThread().isInterrupted()) {
      var e = new InterruptedIOException("interrupted");
      e.bytesTransferred = 0;
      throw e;
    }
    return 0;
  }

  int available() {
    return offer.available();
  }

  void closeReader(Throwable error) {
    closes.closeReader(error);
    wakeAll();
  }

  void closeWriter(Throwable error) {
    closes.closeWriter(error);
    wakeAll();
  }

  private void wakeAll() {
    writes.unpark();
    reads.unpark();
  }

  long bytesTransferred() {
    return offer.taken() + request.given();
  }

  long writerWaitNanos() {
    return writes.nanos();
  }

  long readerWaitNanos() {
    return reads.nanos();
  }

  boolean readerClosed() {
    return closes.readerClosed();
  }

  boolean writerClosed() {
    return closes.writerClosed();
  }

  /** Advances the request number by {@code n}, so a test can reach its wrap-around quickly. */
  void skipRequests(int n) {
    readLock.lock();
    try {
      request.skip(n);
    } finally {
      readLock.unlock();
    }
  }

  /** Advances the offer number by {@code n}, so a test can reach its wrap-around quickly. */
  void skipOffers(int n) {
    writeLock.lock();
    try {
      offer.skip(n);
    } finally {
      writeLock.unlock();
    }
  }
}
