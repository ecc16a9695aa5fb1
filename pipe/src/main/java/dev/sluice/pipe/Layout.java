package dev.sluice.pipe;

/**
 * The fields of the hand-off ({@link Handoff}'s references to its parts) and of its parts ({@link
 * Offer}, {@link Request}, {@link Wait}, {@link Closes}), grouped by who writes them and laid out
 * so that no two groups share a 64-byte cache line. On a machine where moving a line between cores
 * costs a few hundred nanoseconds (as between the two vCPUs of a virtual machine that the host
 * places far apart), a field that one side writes often must not sit beside a field the other side
 * reads often: each such write would cost the other side a miss, several times per hand-off.
 *
 * <p>The classes below inherit from one another only to order fields, the one thing inheritance
 * does here: Java has no portable way to place a field ({@code @Contended} is closed to code
 * outside the JDK unless the JVM is started with a flag), but HotSpot lays out a superclass's
 * fields before a subclass's. So each part is a chain (JCTools and the Disruptor pad the same way):
 * a class of eight unused longs, a group's fields, eight unused longs, the next group, and eight
 * unused longs at the end, so that a group is a line away from the other groups and from whatever
 * the heap places before or after the object. The part itself is the final class at the end of its
 * chain and holds only behaviour. HotSpot also puts a subclass's small fields into any hole a
 * superclass's layout left (a boolean after an odd number of ints, say), which would bring a field
 * of another group onto a group's line: so each group fills whole 8-byte words, with unused {@code
 * hole} fields where its own fields do not. {@code LayoutTest} checks the distances with JOL.
 */
final class Layout {
  private Layout() {}

  /**
   * The number in the high 32 bits of an offer or request word, as the done and full signals hold
   * it.
   */
  static long numberOf(long word) {
    return (int) (word >>> 32);
  }

  // The hand-off (see Handoff): its parts, final, read by both sides at every call. Padded like the
  // rest: a line shared with whatever the heap put beside the object (a counter that one side
  // updates after every read, say) would cost the other side a miss at its next call.

  abstract static class HandoffPad0 {
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  abstract static class HandoffParts extends HandoffPad0 {
    final Closes closes;
    final Offer offer;
    final Request request;

    /** The writers' wait; used only under writeLock. */
    final Wait writes;

    /** The readers' wait; used only under readLock. */
    final Wait reads;

    /** Held by a writer for the whole of its write: serialises writers. */
    final Mutex writeLock;

    /** Held by a reader for the whole of its read: serialises readers. */
    final Mutex readLock;

    int hole;

    HandoffParts(
        Closes closes,
        Offer offer,
        Request request,
        Wait writes,
        Wait reads,
        Mutex writeLock,
        Mutex readLock) {
      this.closes = closes;
      this.offer = offer;
      this.request = request;
      this.writes = writes;
      this.reads = reads;
      this.writeLock = writeLock;
      this.readLock = readLock;
    }
  }

  abstract static class HandoffEnd extends HandoffParts {
    long p11, p12, p13, p14, p15, p16, p17, p18;

    HandoffEnd(
        Closes closes,
        Offer offer,
        Request request,
        Wait writes,
        Wait reads,
        Mutex writeLock,
        Mutex readLock) {
      super(closes, offer, request, writes, reads, writeLock, readLock);
    }
  }

  // The offer (see Offer): its word, the done signal, the writer's and the reader's own fields, the
  // withdrawal flag.

  abstract static class OfferPad0 {
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  /** Written by the writer to publish or withdraw, by the reader to pin and consume. */
  abstract static class OfferWord extends OfferPad0 {
    /** Offer number (high 32 bits), bytes not yet consumed (low 31), BUSY while pinned. */
    volatile long state;

    /** The writer's array; written before state is published, trusted while pinned. */
    byte[] array;

    /** The index in array just past the offered bytes. Guarded like array. */
    int end;
  }

  abstract static class OfferPad1 extends OfferWord {
    long p11, p12, p13, p14, p15, p16, p17, p18;
  }

  /** The number of the latest offer the reader emptied; the waiting writer polls it. */
  abstract static class OfferDone extends OfferPad1 {
    volatile long done;
  }

  abstract static class OfferPad2 extends OfferDone {
    long p21, p22, p23, p24, p25, p26, p27, p28;
  }

  /** Written only by the writer holding the write lock. */
  abstract static class OfferWriter extends OfferPad2 {
    /** The number of the latest offer. */
    int number;

    int hole;
  }

  abstract static class OfferPad3 extends OfferWriter {
    long p31, p32, p33, p34, p35, p36, p37, p38;
  }

  /** Written only by the reader holding the read lock. */
  abstract static class OfferReader extends OfferPad3 {
    /** Bytes readers copied out of offers, stored with release semantics. */
    long taken;
  }

  abstract static class OfferPad4 extends OfferReader {
    long p41, p42, p43, p44, p45, p46, p47, p48;
  }

  /** Written by the writer when it gives up; read by the reader at every consume. */
  abstract static class OfferWithdrawal extends OfferPad4 {
    /** Whether the waiting writer is giving up its offer and waits only for a pinning reader. */
    volatile boolean withdrawing;

    byte hole1;
    short hole2;
    int hole3;
  }

  abstract static class OfferEnd extends OfferWithdrawal {
    long p51, p52, p53, p54, p55, p56, p57, p58;
  }

  // The request (see Request): its word, the full signal, the reader's and the writer's own
  // fields, the reader's hints.

  abstract static class RequestPad0 {
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  /** Written by the reader to post or take back, by writers to fill. */
  abstract static class RequestWord extends RequestPad0 {
    /** OPEN while it has room, the bytes filled (low 30 bits), COPYING while a writer copies. */
    volatile long state;

    /** The posted array; written before state is published, read by a writer only claiming. */
    byte[] array;

    int offset;
    int length;

    /**
     * Whether the posted buffer wants to be returned only when full (an int, not a boolean, so that
     * the group fills whole words). Guarded like array.
     */
    int whole;
  }

  abstract static class RequestPad1 extends RequestWord {
    long p11, p12, p13, p14, p15, p16, p17, p18;
  }

  /**
   * The number of the latest request a writer filled to the brim, stored by that writer; the
   * waiting reader polls it.
   */
  abstract static class RequestFull extends RequestPad1 {
    volatile long full;
  }

  abstract static class RequestPad2 extends RequestFull {
    long p21, p22, p23, p24, p25, p26, p27, p28;
  }

  /** Written only by the reader holding the read lock. */
  abstract static class RequestReader extends RequestPad2 {
    /** The number of the latest request posted. */
    int number;

    int hole;

    /** When the current read began to linger over a filling buffer, or 0. */
    long lingerStart;

    /** The request the lingering read saw at its latest look. */
    long lingerSeen;
  }

  abstract static class RequestPad3 extends RequestReader {
    long p31, p32, p33, p34, p35, p36, p37, p38;
  }

  /** Written only by the writer holding the write lock. */
  abstract static class RequestWriter extends RequestPad3 {
    /** Bytes writers copied into requests, stored with release semantics. */
    long given;
  }

  abstract static class RequestPad4 extends RequestWriter {
    long p41, p42, p43, p44, p45, p46, p47, p48;
  }

  /** Written by the reader when they change, which is rarely; read by writers. */
  abstract static class RequestHints extends RequestPad4 {
    /** Whether the reader's latest call was a read (which posts buffers) or a transferTo. */
    volatile boolean posts;

    /**
     * Whether the reader's latest buffer was posted whole, so that a large write looks at the
     * request (and takes its line from the reader) only when filling it can pay off.
     */
    volatile boolean wholePosted;

    short hole1;
    int hole2;
  }

  abstract static class RequestEnd extends RequestHints {
    long p51, p52, p53, p54, p55, p56, p57, p58;
  }

  // A side's wait (see Wait): its own bookkeeping, and the thread it parked.

  abstract static class WaitPad0 {
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  /** Written only by the side holding its lock; read by its peer never, by counters' readers. */
  abstract static class WaitOwn extends WaitPad0 {
    /** The closes every wait checks; read-only. */
    final Closes closes;

    /** How long this side spins before parking; see Wait.adapt. */
    long spinNanos;

    /** The time this side spent waiting, stored with release semantics. */
    volatile long nanos;

    /** The current wait's first clock reading, or 0 before it. */
    long start;

    /** The clock when the current wait last saw progress or woke. */
    long idleSince;

    /** Spins since the current wait's latest look at the clock. */
    int spins;

    /** Whether this side woke its peer since its last wait. */
    boolean woke;

    /** Whether the current wait yields its carrier instead of spinning. */
    boolean yielding;

    /** Whether the current wait parked. */
    boolean parked;

    /** Whether the current wait took the thread's interrupt, to restore it at the end. */
    boolean interrupted;

    int hole;

    WaitOwn(Closes closes) {
      this.closes = closes;
    }
  }

  abstract static class WaitPad1 extends WaitOwn {
    long p11, p12, p13, p14, p15, p16, p17, p18;

    WaitPad1(Closes closes) {
      super(closes);
    }
  }

  /** Written by this side when it parks, which is rarely; read by its peer after every hand-off. */
  abstract static class WaitParked extends WaitPad1 {
    /** The thread parked, or about to park, in this side's wait; or null. */
    volatile Thread thread;

    int hole;

    WaitParked(Closes closes) {
      super(closes);
    }
  }

  abstract static class WaitEnd extends WaitParked {
    long p21, p22, p23, p24, p25, p26, p27, p28;

    WaitEnd(Closes closes) {
      super(closes);
    }
  }

  // The closes (see Closes): written once each, read by both sides in every wait.

  abstract static class ClosesPad0 {
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  abstract static class ClosesErrors extends ClosesPad0 {
    /** The reader's error once the read side is closed: Closes.CLOSED or the cause. Set once. */
    volatile Throwable reader;

    /** The writer's error once the write side is closed: Closes.CLOSED or the cause. Set once. */
    volatile Throwable writer;
  }

  abstract static class ClosesEnd extends ClosesErrors {
    long p11, p12, p13, p14, p15, p16, p17, p18;
  }
}
