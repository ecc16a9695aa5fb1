package dev.sluice.core.compress;

/**
 * A compressing stream that can be released without finishing: {@link #abort} frees what it holds
 * (native memory, worker threads) without compressing what is buffered, writing to or closing the
 * stream under it.
 */
interface Abortable {
  /** Releases the compressor; writes after it fail, and a close after it does nothing. */
  void abort();
}
