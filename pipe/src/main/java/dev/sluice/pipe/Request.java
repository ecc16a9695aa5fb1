package dev.sluice.pipe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A reader's request: its posted buffer, which writers fill while the reader waits. One word says
 * it all: zero when no buffer is posted; else the request's number in the high 32 bits, {@link
 * #OPEN} while it has room, the bytes filled in the low 30 bits, and {@link #COPYING} while a
 * writer copies into it. The reader holding the read lock posts and takes back; a writer holding
 * the write lock claims, fills and releases. See CONCURRENCY.md, "The two words".
 */
final class Request extends Layout.RequestEnd {
  /** The low bits of the word: the bytes writers copied into the posted buffer. */
  static final long FILLED = 0x3fff_ffffL;

  /** A bit of the word: the posted buffer has room and writers may copy into it. */
  static final long OPEN = 0x4000_0000L;

  /** A bit of the word: a writer is copying into the posted buffer; it stays put. */
  static final long COPYING = 0x8000_0000L;

  /**
   * The longest a read whose buffer writers are filling waits for more before it returns: while
   * each look finds more bytes than the one before, a stream of small writes fills one read's
   * buffer instead of paying a hand-off per write. A look that finds no new bytes ends the wait.
   */
  private static final long LINGER_NANOS = 20_000;

  /** How long a small write waits for a reading reader's next buffer before it offers instead. */
  private static final long AWAIT_OPEN_NANOS = 2_000;

  private static final VarHandle STATE;

  private static final VarHandle FULL;

  private static final VarHandle GIVEN;

  static {
    try {
      var lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Layout.RequestWord.class, "state", long.class);
      FULL = lookup.findVarHandle(Layout.RequestFull.class, "full", long.class);
      GIVEN = lookup.findVarHandle(Layout.RequestWriter.class, "given", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The word: number, {@link #OPEN}, bytes filled, {@link #COPYING}; zero when none is posted. */
  long state() {
    return state;
  }

  /**
   * Whether a writer filled the request numbered {@code number} to the brim. The full signal sits
   * on a line of its own, written once per buffer, so the waiting reader polls it without taking
   * the word's line from the writers filling the buffer.
   */
  boolean full(long number) {
    return full == number;
  }

  /** Bytes writers copied into requests. */
  long given() {
    return (long) GIVEN.getAcquire(this);
  }

  /**
   * Posts {@code b[off, off + len)} for writers to fill, {@code whole} if it is to be returned only
   * when full, and returns the posted word. Called by the reader holding the read lock, with no
   * request posted.
   */
  long post(byte[] b, int off, int len, boolean whole) {
    array = b;
    offset = off;
    length = len;
    this.whole = whole ? 1 : 0;
    if (wholePosted != whole) {
      wholePosted = whole;
    }
    int n = ++number;
    if (n == full) {
      // Only after 2^32 requests: a number must differ from the last one filled.
      n = ++number;
    }
    long posted = ((long) n << 32) | OPEN;
    // Release suffices: the fields above are ordered before the word, and no wait of the reader's
    // needs the writer to see it before the reader looks again.
    STATE.setRelease(this, posted);
    return posted;
  }

  /**
   * Takes the request {@code r} back from writers; false if a writer claimed or filled it
   * meanwhile. Called by the reader, never while {@code r} has {@link #COPYING}.
   */
  boolean takeBack(long r) {
    return STATE.compareAndSet(this, r, 0L);
  }

  /**
   * Whether an open request wants to be filled whole and the reader's latest buffers did: then a
   * large write copies into it, since its reader sleeps until it is full. A hint read without
   * claiming the request, and the word only when the hint says so (a large write otherwise leaves
   * the word's line with the reader); a stale answer only chooses the other path.
   */
  boolean wholeOpen() {
    return wholePosted && (state & OPEN) != 0 && whole != 0;
  }

  /** Whether the reader's latest call was a read, which posts buffers, not a transferTo. */
  boolean posts() {
    return posts;
  }

  /** Records whether the reader's current call posts buffers; stores only a change. */
  void posts(boolean p) {
    if (posts != p) {
      posts = p;
    }
  }

  /**
   * Copies bytes {@code pos..end} of {@code b} into the posted buffer for as long as it has room,
   * and returns the index of the first byte not copied. Wakes the reader {@code reads} when the
   * buffer is full, or at every copy into a buffer not posted whole. Called by the writer {@code
   * writes}, holding the write lock.
   */
  int fill(byte[] b, int pos, int end, Wait writes, Wait reads) {
    while (pos < end) {
      long r = state;
      if ((r & OPEN) == 0 || !STATE.compareAndSet(this, r, r | COPYING)) {
        // No open request, or the reader took it back just now: offer what is left instead.
        if ((r & OPEN) == 0) {
          return pos;
        }
        continue;
      }
      // The request cannot move while COPYING is set, so its fields are ours to read.
      int filled = (int) (r & FILLED);
      int room = length - filled;
      int n = Math.min(room, end - pos);
      System.arraycopy(b, pos, array, offset + filled, n);
      long next = r + n;
      boolean brim = n == room;
      if (brim) {
        next &= ~OPEN;
      }
      boolean wholeOnly = whole != 0;
      state = next;
      if (brim) {
        // The waiting reader polls this, not the word, so that its looks cost us no miss.
        FULL.setRelease(this, Layout.numberOf(r));
      }
      GIVEN.setRelease(this, given + n);
      if (!wholeOnly || brim) {
        writes.wake(reads);
      }
      pos += n;
    }
    return pos;
  }

  /**
   * Waits a moment for a reader that is reading (not transferring) to post its next buffer, and
   * returns whether one is open: a reader between two reads of a fast stream posts again within a
   * fraction of a microsecond, and filling its buffer costs no hand-off, where an offer costs one.
   * Called by the writer {@code writes}, holding the write lock; a bounded spin, never parked.
   */
  boolean awaitOpen(Wait writes) {
    if (!posts) {
      return false;
    }
    long start = 0;
    while (true) {
      for (int i = 0; i < Wait.SPINS_PER_CLOCK_CHECK; i++) {
        if ((state & OPEN) != 0) {
          return true;
        }
        Thread.onSpinWait();
      }
      if (writes.closedOrInterrupted()) {
        return false;
      }
      long now = System.nanoTime();
      if (start == 0) {
        start = now;
      } else if (now - start >= AWAIT_OPEN_NANOS) {
        return false;
      }
    }
  }

  /**
   * Whether a read whose posted buffer {@code r} has bytes and room should wait for more: true at
   * the first look that finds bytes, and then while each look finds more than the one before; false
   * when a look finds no new bytes (the writer paused) or the read lingered {@link #LINGER_NANOS}
   * in all. Called by the reader.
   */
  boolean linger(long r, long now) {
    if (lingerStart == 0) {
      lingerStart = now;
    } else if (r == lingerSeen || now - lingerStart >= LINGER_NANOS) {
      return false;
    }
    lingerSeen = r;
    return true;
  }

  /** Whether the current read lingers over its filling buffer; see {@link #linger}. */
  boolean lingering() {
    return lingerStart != 0;
  }

  /** Ends any lingering, before the reader's next wait; stores only a change. */
  void stopLingering() {
    if (lingerStart != 0) {
      lingerStart = 0;
    }
  }

  /** Advances the request number by {@code n}. Called by the reader holding the read lock. */
  void skip(int n) {
    number += n;
  }
}
