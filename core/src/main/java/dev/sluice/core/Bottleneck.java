package dev.sluice.core;

/**
 * Which side of the pipe held the export back, from the time each side spent waiting for the other:
 * the producer (database, encoder, compression) or the consumer (the sink).
 */
public enum Bottleneck {
  /** The sink waited for bytes most of the time: the database or the encoder is the limit. */
  PRODUCER,
  /** The producer waited for the sink most of the time: the destination is the limit. */
  SINK,
  /** Neither side waited much for the other. */
  BALANCED;

  /**
   * Judges from the pipe's counters: a side that waited for more than a quarter of the elapsed time
   * more than the other was held back by it.
   */
  public static Bottleneck of(long producerWaitNanos, long sinkWaitNanos, long elapsedNanos) {
    long margin = Math.max(1, elapsedNanos / 4);
    if (sinkWaitNanos - producerWaitNanos > margin) {
      return PRODUCER;
    }
    if (producerWaitNanos - sinkWaitNanos > margin) {
      return SINK;
    }
    return BALANCED;
  }
}
