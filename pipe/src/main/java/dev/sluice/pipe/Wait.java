package dev.sluice.pipe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * How one side of a {@link Handoff} waits for the other: spin, then park; its spin budget, which
 * adapts to how fast the peer answers; the thread it parked, for the peer to wake; the checks that
 * end every wait (a close, an interrupt); and the time it spent waiting. A pipe has two, the
 * writers' and the readers', used only by the side holding its lock. What a wait waits for is the
 * caller's: a wait is a loop (a writer's in {@link Offer#awaitConsumed}, a reader's in {@link
 * Handoff}) that calls, in order, {@link #begin}, {@link #spin} between cheap looks, {@link
 * #yieldCarrier} and {@link #clock} around the slower looks, {@link #idle} then {@link #announce}
 * and {@link #sleep} to park, and {@link #end} on the way out.
 *
 * <p>A hand-off between two running threads takes well under a microsecond and an OS wake-up about
 * 10 µs, so a wait spins for its budget before it parks; see CONCURRENCY.md.
 */
final class Wait extends Layout.WaitEnd {
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
   * spin at all a writer whose 1 MiB offer a running reader drains in 20 µs would park on every
   * write, its first look coming before the first 32 KiB copy ended. One look's worth (the writer
   * looks at its offer every 2 µs) is enough to see an offer shrink, and a longer floor takes a
   * core from a database feeding the writer.
   */
  static final long VIRTUAL_MIN_SPIN_NANOS = 2_000;

  /** Spins between two looks at the clock (a look costs about as much as 16 spins' reads). */
  static final int SPINS_PER_CLOCK_CHECK = 16;

  private static final VarHandle NANOS;

  static {
    try {
      NANOS = MethodHandles.lookup().findVarHandle(Layout.WaitOwn.class, "nanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  Wait(Closes closes) {
    super(closes);
    spinNanos = MAX_SPIN_NANOS;
  }

  /** The total time this side spent in waits, in nanoseconds. */
  long nanos() {
    return nanos;
  }

  /**
   * Starts a wait. A virtual thread that has just woken its peer yields its carrier instead of
   * spinning: the peer is usually queued on that same carrier.
   */
  void begin() {
    start = 0;
    spins = 0;
    parked = false;
    interrupted = false;
    yielding = woke && Thread.currentThread().isVirtual();
  }

  /**
   * Spins once and returns true; or returns false when the caller should read the clock and make
   * its slower checks: every {@link #SPINS_PER_CLOCK_CHECK}th call, every call of a yielding wait,
   * and when {@code urgent}.
   */
  boolean spin(boolean urgent) {
    if (!urgent && !yielding && ++spins < SPINS_PER_CLOCK_CHECK) {
      Thread.onSpinWait();
      return true;
    }
    spins = 0;
    return false;
  }

  /**
   * Gives the carrier to the peer this wait woke, if it is yielding (see {@link #begin}): once per
   * round of slower checks, where a spinning wait would spin.
   */
  void yieldCarrier() {
    if (yielding) {
      Thread.yield();
    }
  }

  /** Whether this wait yields instead of spinning; see {@link #begin}. */
  boolean yielding() {
    return yielding;
  }

  /** Reads the clock; the first reading starts the wait's time and its spin. */
  long clock() {
    long now = System.nanoTime();
    if (start == 0) {
      start = now;
      idleSince = now;
    }
    return now;
  }

  /** Restarts the spin: the peer made progress at {@code now}, so it is running. */
  void progress(long now) {
    idleSince = now;
  }

  /** Whether the wait spun its whole budget since it began, saw progress or woke. */
  boolean idle(long now) {
    return now - idleSince >= spinNanos;
  }

  /**
   * Whether a side closed or the thread was interrupted: the way out of a wait that leaves the
   * interrupt flag alone.
   */
  boolean closedOrInterrupted() {
    return closes.any() || Thread.currentThread().isInterrupted();
  }

  /**
   * Whether a side closed or the thread was interrupted, taking the interrupt: a wait that must
   * still park on its way out (a writer whose offer a reader pins) clears the flag, and {@link
   * #end} restores it.
   */
  boolean givingUp() {
    if (!interrupted && Thread.interrupted()) {
      interrupted = true;
    }
    return interrupted || closes.any();
  }

  /** Whether this wait took the thread's interrupt; see {@link #givingUp}. */
  boolean interrupted() {
    return interrupted;
  }

  /**
   * Publishes this thread as about to park. The caller then looks again at what it waits for and
   * passes the answer to {@link #sleep}: a peer that changed it meanwhile saw the thread and wakes
   * it, so no wake-up is lost.
   */
  void announce() {
    thread = Thread.currentThread();
  }

  /** Parks if {@code stillBlocked}, withdraws the announcement, and returns the clock after. */
  long sleep(boolean stillBlocked) {
    if (stillBlocked) {
      LockSupport.park(this);
      parked = true;
    }
    thread = null;
    long now = System.nanoTime();
    idleSince = now;
    return now;
  }

  /** Unparks this side's parked thread, if any; returns whether there was one. */
  boolean unpark() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
      return true;
    }
    return false;
  }

  /** Unparks {@code peer}'s parked thread, if any, remembering it for the next wait's yield. */
  void wake(Wait peer) {
    if (peer.unpark() && !woke) {
      woke = true;
    }
  }

  /**
   * Ends a wait: adapts the spin budget, restores a taken interrupt and adds the wait's time.
   * Stores only what changed, to keep this side's line quiet.
   */
  void end() {
    long spin = adapt(spinNanos, parked);
    if (spin != spinNanos) {
      spinNanos = spin;
    }
    if (woke) {
      woke = false;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (start != 0) {
      // Only the side holding its lock adds: a release store, no locked instruction.
      NANOS.setRelease(this, nanos + (System.nanoTime() - start));
    }
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
}
