package dev.sluice.pipe;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A writer's offer: the bytes of its array not yet consumed, which readers copy out of (or hand to
 * a target stream) while the writer waits. One word says it all: the offer's number in the high 32
 * bits (so no two offers look alike), the bytes not yet consumed in the low 31, and {@link #BUSY}
 * while a reader pins it. The writer holding the write lock publishes and withdraws; the reader
 * holding the read lock pins and consumes. See CONCURRENCY.md, "The two words".
 */
final class Offer extends Layout.OfferEnd {
  /** The low bits of the word: the offered bytes not yet consumed. */
  static final long REMAINING = 0x7fff_ffffL;

  /**
   * A bit of the word: a reader pins the offer (copies out of it, or hands it to a target stream),
   * and the writer cannot withdraw it meanwhile.
   */
  static final long BUSY = 0x8000_0000L;

  /**
   * The time between two looks at its offer by a writer waiting for readers to empty it (it polls
   * the done signal meanwhile): long enough that a reader copies 32 KiB undisturbed, short enough
   * to see a large offer shrink long before the writer's spin budget runs out.
   */
  private static final long LOOK_NANOS = 2_000;

  private static final VarHandle STATE;

  private static final VarHandle DONE;

  private static final VarHandle TAKEN;

  static {
    try {
      var lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Layout.OfferWord.class, "state", long.class);
      DONE = lookup.findVarHandle(Layout.OfferDone.class, "done", long.class);
      TAKEN = lookup.findVarHandle(Layout.OfferReader.class, "taken", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The word: number, bytes not yet consumed, {@link #BUSY}. Zero when nothing was offered. */
  long state() {
    return state;
  }

  /** The bytes a read could take at once: those of an offer that no reader pins. */
  int available() {
    long st = state;
    return (st & BUSY) != 0 ? 0 : (int) (st & REMAINING);
  }

  /**
   * Whether a reader emptied the offer numbered {@code number}. The done signal sits on a line of
   * its own, written once per offer, so the waiting writer polls it without taking the word's line
   * from the reader copying out of the offer.
   */
  boolean done(long number) {
    return done == number;
  }

  /** Bytes readers copied out of offers. */
  long taken() {
    return (long) TAKEN.getAcquire(this);
  }

  /**
   * Offers {@code b[end - len, end)} to readers and returns the published word. Called by the
   * writer holding the write lock, when no offer is pending.
   */
  long publish(byte[] b, int end, int len) {
    int n = ++number;
    if (n == done) {
      // Only after 2^32 offers: a number must differ from the last one emptied.
      n = ++number;
    }
    array = b;
    this.end = end;
    long published = ((long) n << 32) | len;
    state = published;
    return published;
  }

  /**
   * Blocks until readers consumed the offer {@code published}, or withdraws it and throws what
   * {@code closes} or an interrupt says. {@code given} bytes of this write went into requests
   * before the offer. The wait polls the done signal, which the reader writes once, when it empties
   * the offer; it looks at the word (whose line the copying reader is using) only at each look at
   * the clock. Called by the writer {@code wait}, holding the write lock.
   */
  void awaitConsumed(long published, int given, Wait wait, Closes closes) throws IOException {
    long number = Layout.numberOf(published);
    int len = (int) (published & REMAINING);
    long lastSeen = published;
    boolean looked = false;
    long nextLook = 0;
    wait.begin();
    try {
      while (true) {
        if (done == number) {
          return;
        }
        if (wait.spin(false)) {
          continue;
        }
        // An interrupt is taken so that we can park while a busy offer is handed over; end()
        // restores it.
        boolean givingUp = wait.givingUp();
        long now = wait.clock();
        if (looked && !givingUp && !wait.yielding() && now - nextLook < 0) {
          continue;
        }
        // A look at the word takes its cache line from the reader copying out of the offer, so
        // the writer looks only every LOOK_NANOS (or to give up); the done signal says it is empty.
        looked = true;
        nextLook = now + LOOK_NANOS;
        long st = state;
        if ((st & (REMAINING | BUSY)) == 0) {
          return;
        }
        // Progress extends the spin: a reader draining a large offer 32 KiB at a time is running,
        // and parking now would cost an OS wake-up at the end of every large write.
        if (st != lastSeen) {
          lastSeen = st;
          wait.progress(now);
        }
        if (givingUp && !withdrawing) {
          // A reader that pins the offer wakes us when it lets go, even mid-offer.
          withdrawing = true;
          continue;
        }
        if (givingUp && (st & BUSY) == 0) {
          if (withdraw(st)) {
            throw closes.writeFailure(given + len - (int) (st & REMAINING), wait.interrupted());
          }
          continue;
        }
        // Not giving up, or giving up but a reader is handing our array to its target, which
        // cannot be taken back mid-call: wait for it like for any reader.
        wait.yieldCarrier();
        if (wait.idle(now)) {
          wait.announce();
          // Look again after announcing, so a reader that finished meanwhile is seen.
          wait.sleep(state == lastSeen && (givingUp || !closes.any()));
        }
      }
    } finally {
      // Stores only if a withdrawal began, to keep the flag's line quiet.
      if (withdrawing) {
        withdrawing = false;
      }
      wait.end();
    }
  }

  /**
   * Pins the offer {@code st} for the calling reader, so that the writer cannot withdraw it; false
   * if it is pinned already or is no longer {@code st}. Pinned, {@link #array} and {@link #end}
   * belong to the offer {@code st} until the reader lets go.
   */
  boolean pin(long st) {
    return (st & BUSY) == 0 && STATE.compareAndSet(this, st, st | BUSY);
  }

  /** The writer's array; trusted only while pinned. */
  byte[] array() {
    return array;
  }

  /** The index in {@link #array()} just past the offered bytes; trusted only while pinned. */
  int end() {
    return end;
  }

  /**
   * Copies up to {@code len} bytes of the offer {@code st} into {@code b} and consumes them;
   * returns how many, or 0 if the offer changed meanwhile. The offer is pinned before the copy, so
   * the writer cannot withdraw it mid-copy and no byte lands in {@code b} that the read does not
   * return. Called by the reader {@code reads}, holding the read lock; wakes {@code writes}.
   */
  int take(long st, byte[] b, int off, int len, Wait reads, Wait writes) {
    if (!pin(st)) {
      return 0;
    }
    byte[] a = array;
    int s = (int) (st & REMAINING);
    int n = Math.min(s, len);
    System.arraycopy(a, end - s, b, off, n);
    consumed(st, n, reads, writes);
    return n;
  }

  /**
   * Releases the offer {@code st}, pinned by the reader {@code reads}, with {@code n} more of its
   * bytes consumed. The reader that empties it drops the writer's array (the writer no longer
   * touches the word's line) and then tells the writer through the done signal; a writer waiting to
   * withdraw is woken either way.
   */
  void consumed(long st, int n, Wait reads, Wait writes) {
    boolean emptied = n == (int) (st & REMAINING);
    if (emptied) {
      array = null;
    }
    state = st - n;
    if (emptied) {
      DONE.setRelease(this, Layout.numberOf(st));
    }
    TAKEN.setRelease(this, taken + n);
    if (emptied || withdrawing) {
      reads.wake(writes);
    }
  }

  /** Releases the offer {@code st}, pinned by a reader, with nothing consumed. */
  void unpin(long st) {
    state = st;
  }

  /**
   * Takes the offer {@code st} back from readers; false if a reader pinned or consumed from it
   * meanwhile. Called by the waiting writer.
   */
  private boolean withdraw(long st) {
    if (STATE.compareAndSet(this, st, 0L)) {
      array = null;
      return true;
    }
    return false;
  }

  /** Advances the offer number by {@code n}. Called by the writer holding the write lock. */
  void skip(int n) {
    number += n;
  }
}
