package dev.sluice.s3;

import java.util.ArrayDeque;

/**
 * Part buffers, reused from one part to the next. The bytes of the buffers it has handed out or
 * holds never exceed its budget: {@link #take} returns null rather than pass it, and buffers of an
 * outgrown size are dropped (left to the garbage collector) before a larger one is allocated.
 *
 * <p>Not thread-safe: the upload calls it under its own lock.
 */
final class BufferPool {
  private final long budget;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private long allocated;
  private long peak;
  private int allocations;

  BufferPool(long budget) {
    this.budget = budget;
  }

  /** A buffer of exactly {@code size} bytes, or null if taking one would pass the budget. */
  byte[] take(int size) {
    for (var it = free.iterator(); it.hasNext(); ) {
      byte[] b = it.next();
      if (b.length == size) {
        it.remove();
        return b;
      }
    }
    // Sizes only grow, so a free buffer of another size will never be taken again.
    while (allocated + size > budget && !free.isEmpty()) {
      allocated -= free.poll().length;
    }
    if (allocated + size > budget) {
      return null;
    }
    allocated += size;
    peak = Math.max(peak, allocated);
    allocations++;
    return new byte[size];
  }

  /** Returns a buffer for reuse. */
  void give(byte[] b) {
    free.push(b);
  }

  long budget() {
    return budget;
  }

  /** The most bytes of buffers that were ever reachable from the pool at once. */
  long peak() {
    return peak;
  }

  /** How many buffers were allocated; fewer than the parts when buffers are reused. */
  int allocations() {
    return allocations;
  }
}
