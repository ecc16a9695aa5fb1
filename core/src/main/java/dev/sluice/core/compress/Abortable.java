package dev.sluice.core.compress;

/**
 * A compressing stream that can be released without finishing: {@link #abort} frees what it holds
 * (native memory, worker threads) without compressing what is buffered, writing to or closing the
 * stream under it.
 */
interface Abortable {
  /** Releases the compressor; writes after it fail, and a close after it does nothing. */
  void abort();

  /**
   * Whether the compressing runs on threads of the stream's own, a write only copying into its
   * buffers: then {@link CompressionStage} hands the stream to the encoder as it is, since a thread
   * in front of it would add a hand-off and a copy of every byte, and no core.
   */
  default boolean concurrent() {
    return false;
  }
}
