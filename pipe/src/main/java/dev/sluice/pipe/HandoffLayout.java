package dev.sluice.pipe;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The fields of a {@link Handoff}, grouped by who writes them and laid out so that no two groups
 * share a 64-byte cache line. On a machine where moving a line between cores costs a few hundred
 * nanoseconds (seen on this project's 2-core machines, whose cores sometimes sit far apart), a
 * field that one side writes often must not sit beside a field the other side reads often: each
 * such write would cost the other side a miss, several times per hand-off.
 *
 * <p>The JVM places a class's fields after its superclass's, so each group is a class in a chain,
 * with a class of eight unused longs between two groups. It also puts a subclass's small fields
 * into any hole a superclass's layout left (a boolean after an odd number of ints, say), which
 * would bring a field of another group onto a group's line: so each group fills whole 8-byte
 * words, with unused {@code hole} fields where its own fields do not.
 *
 * <p>The groups: the offer (written by the writer to publish, by the reader to consume), the
 * request (the reader posts, writers fill), the two signals that end a wait without touching
 * those (each written once per hand-off by one side and polled by the other), each side's own
 * bookkeeping, and what changes rarely (closes, parked threads, hints). {@code HandoffLayoutTest}
 * checks the distances.
 */
final class HandoffLayout {
  private HandoffLayout() {}

  /** Padding: keeps the offer off the line of whatever the heap placed before the object. */
  abstract static class Pad0 {
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  /** The offer; see {@link Handoff}'s protocol. Written by both sides, once or twice per read. */
  abstract static class Offer extends Pad0 {
    /** Offer number (high 32 bits), bytes not yet consumed (low 31), BUSY while pinned. */
    volatile long offerState;

    /** The writer's array; written before offerState is published, trusted while pinned. */
    byte[] offer;

    /** The index in offer just past the offered bytes. Guarded like offer. */
    int offerEnd;
  }

  abstract static class Pad1 extends Offer {
    long p11, p12, p13, p14, p15, p16, p17, p18;
  }

  /** The reader's posted buffer; written by the reader to post it, by writers to fill it. */
  abstract static class Request extends Pad1 {
    /** OPEN while it has room, the bytes filled (low 30 bits), COPYING while a writer copies. */
    volatile long request;

    /** The posted array; written before request is published, read by a writer only claiming. */
    byte[] requestArray;

    int requestOffset;
    int requestLength;

    /**
     * Whether the posted buffer wants to be returned only when full (an int, not a boolean, so that
     * the group fills whole words). Guarded like requestArray.
     */
    int requestWhole;
  }

  abstract static class Pad2 extends Request {
    long p21, p22, p23, p24, p25, p26, p27, p28;
  }

  /**
   * The number of the latest request a writer filled to the brim, stored by that writer; the
   * waiting reader polls it.
   */
  abstract static class FullSignal extends Pad2 {
    volatile long requestFull;
  }

  abstract static class Pad3 extends FullSignal {
    long p31, p32, p33, p34, p35, p36, p37, p38;
  }

  /** The number of the latest offer the reader emptied; the waiting writer polls it. */
  abstract static class DoneSignal extends Pad3 {
    volatile long offerDone;
  }

  abstract static class Pad4 extends DoneSignal {
    long p41, p42, p43, p44, p45, p46, p47, p48;
  }

  /** What only the writer (holding the write lock) writes often. */
  abstract static class WriterSide extends Pad4 {
    /** The number of the latest offer. */
    int offerNumber;

    /** How long the writer spins before parking; see Handoff.adapt. */
    long writerSpinNanos;

    /** Bytes writers copied into requests, stored with release semantics. */
    long bytesGiven;

    /** Whether the writer woke a parked reader since its last wait. */
    boolean writerWokeReader;

    volatile long writerWaitNanos;

    byte hole1;
    short hole2;
  }

  abstract static class Pad5 extends WriterSide {
    long p51, p52, p53, p54, p55, p56, p57, p58;
  }

  /** What only the reader (holding the read lock) writes often. */
  abstract static class ReaderSide extends Pad5 {
    /** How long the reader spins before parking; see Handoff.adapt. */
    long readerSpinNanos;

    /** Bytes readers copied out of offers, stored with release semantics. */
    long bytesTaken;

    /** When the current read began to linger over a filling buffer, or 0. */
    long lingerStart;

    /** The request the lingering read saw at its latest look. */
    long lingerSeen;

    /** The number of the latest request posted. */
    int requestNumber;

    /** Whether the reader woke a parked writer since its last wait. */
    boolean readerWokeWriter;

    volatile long readerWaitNanos;

    byte hole1;
    short hole2;
  }

  abstract static class Pad6 extends ReaderSide {
    long p61, p62, p63, p64, p65, p66, p67, p68;
  }

  /** What changes rarely and both sides read: closes, parked threads, hints. */
  abstract static class Rare extends Pad6 {
    /** The reader's error once the read side is closed: Handoff.CLOSED or the cause. Set once. */
    volatile Throwable readerError;

    /** The writer's error once the write side is closed: Handoff.CLOSED or the cause. Set once. */
    volatile Throwable writerError;

    /** The writer thread parked waiting for a reader, or null. */
    volatile Thread parkedWriter;

    /** The reader thread parked waiting for a writer, or null. */
    volatile Thread parkedReader;

    /** Whether the waiting writer is giving up its offer and waits only for a pinning reader. */
    volatile boolean writerWithdrawing;

    /** Whether the reader's latest call was a read (which posts buffers) or a transferTo. */
    volatile boolean readerPosts;

    /**
     * Whether the reader's latest buffer was posted whole, so that a large write looks at the
     * request (and takes its line from the reader) only when filling it can pay off.
     */
    volatile boolean wholeRequested;

    byte hole1;
    int hole2;
  }

  /** Padding: keeps the rare fields off the line of whatever the heap placed after the object. */
  abstract static class Pad7 extends Rare {
    long p71, p72, p73, p74, p75, p76, p77, p78;
  }

  /**
   * A non-reentrant mutual-exclusion lock whose state is followed by a cache line of padding, so
   * that the write lock and the read lock (allocated one after the other) never share a line.
   */
  static final class Mutex extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    long p1, p2, p3, p4, p5, p6, p7, p8;

    void lockInterruptibly() throws InterruptedException {
      acquireInterruptibly(1);
    }

    void lock() {
      acquire(1);
    }

    void unlock() {
      release(1);
    }

    @Override
    protected boolean tryAcquire(int arg) {
      if (compareAndSetState(0, 1)) {
        setExclusiveOwnerThread(Thread.currentThread());
        return true;
      }
      return false;
    }

    @Override
    protected boolean tryRelease(int arg) {
      setExclusiveOwnerThread(null);
      setState(0);
      return true;
    }

    @Override
    protected boolean isHeldExclusively() {
      return getExclusiveOwnerThread() == Thread.currentThread();
    }
  }
}
