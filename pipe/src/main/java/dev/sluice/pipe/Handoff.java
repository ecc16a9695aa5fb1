package dev.sluice.pipe;

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
 *
 * <p>In layers, each a class: {@link HandoffLayout} (the fields, a group per cache line), {@link
 * HandoffBase} (the words, locks, closes and the waits' spin policy), {@link HandoffWrites} (the
 * writer's half), {@link HandoffReads} (the reader's half).
 */
final class Handoff extends HandoffReads {}
