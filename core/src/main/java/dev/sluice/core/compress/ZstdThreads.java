package dev.sluice.core.compress;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * zstd compressing on libzstd's own worker threads: a write only copies into the stream's input
 * buffer and hands full jobs to the workers, so the encoder writes to it directly, without {@link
 * CompressionStage}'s thread and pipe in between. The output is one standard zstd frame.
 */
final class ZstdThreads extends OutputStream implements Abortable {
  /**
   * Input bytes per job, as the native gzip's blocks. libzstd's default (four windows: 8 MiB at
   * level 3) holds that much per worker, twice: on 5,000,000 rows of CSV to S3 it took the peak RSS
   * from 158-173 MiB to 200-209; 1 MiB jobs keep it at 167-170 MiB, and the output no bigger than
   * one thread's (167 MB against 171) for the least CPU of the sizes tried (1, 2 and 8 MiB).
   */
  static final int JOB = 1 << 20;

  private final ZstdOutputStreamNoFinalizer zstd;

  private ZstdThreads(ZstdOutputStreamNoFinalizer zstd) {
    this.zstd = zstd;
  }

  /**
   * A zstd stream into {@code out} at {@code level} on {@code workers} threads; on the caller's
   * thread alone when {@code workers} is 1 or libzstd was built without threads.
   */
  static OutputStream open(OutputStream out, int level, int workers) throws IOException {
    var zstd = new ZstdOutputStreamNoFinalizer(out, level);
    if (workers > 1) {
      try {
        zstd.setWorkers(workers);
        zstd.setJobSize(JOB);
        return new ZstdThreads(zstd);
      } catch (IOException singleThreaded) {
        // libzstd without ZSTD_MULTITHREAD refuses the parameter: the stage's thread compresses.
      }
    }
    return zstd;
  }

  @Override
  public void write(int b) throws IOException {
    zstd.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    zstd.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    zstd.flush();
  }

  @Override
  public void close() throws IOException {
    zstd.close();
  }

  @Override
  public boolean concurrent() {
    return true;
  }

  /** Frees the native context; what it writes while doing so goes to a discarding target. */
  @Override
  public void abort() {
    try {
      zstd.close();
    } catch (IOException | RuntimeException e) {
      // Releasing after a failure, which is the news.
    }
  }
}
