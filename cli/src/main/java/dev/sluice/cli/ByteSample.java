package dev.sluice.cli;

import dev.sluice.core.ExportException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.Source;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * What the first rows of an export weigh, encoded by the export's own format and compression into a
 * counter that keeps nothing: the measure {@code --dry-run} multiplies by the row estimate. It
 * reads at most {@code maxRows} rows and gives up after {@code limit}, cancelling the query (a
 * query that sorts everything before its first row may take longer), so a dry run stays a light
 * load.
 *
 * @param rows the rows encoded
 * @param rawBytes the bytes the format wrote for them
 * @param storedBytes the bytes after compression ({@code rawBytes} without)
 */
record ByteSample(int rows, long rawBytes, long storedBytes) {
  /** Rows a sample reads at most. */
  static final int MAX_ROWS = 1_000;

  /** How long a sample may take before the query is cancelled and there is no sample. */
  static final Duration LIMIT = Duration.ofSeconds(2);

  /**
   * The sample of {@code source}'s first rows, or empty when it has no rows, fails, or takes longer
   * than {@code limit}.
   */
  static Optional<ByteSample> take(
      Source source,
      Format format,
      FormatOptions options,
      Compression compression,
      int level,
      int maxRows,
      Duration limit) {
    try (var cursor = source.open()) {
      var timer =
          Thread.ofVirtual()
              .name("sluice-sample-limit")
              .start(
                  () -> {
                    try {
                      Thread.sleep(limit);
                      cursor.cancel();
                    } catch (InterruptedException e) {
                      // The sample ended in time.
                    }
                  });
      try {
        cursor.execute();
        var stored = new Counter(OutputStream.nullOutputStream());
        var compressed = compression.compress(stored, level);
        var raw = new Counter(compressed);
        var rows = cursor.rows();
        var encoder = format.encoder(rows, options, raw);
        encoder.begin();
        int n = 0;
        while (n < maxRows && rows.next()) {
          encoder.write();
          n++;
        }
        encoder.end();
        raw.close();
        return n == 0 ? Optional.empty() : Optional.of(new ByteSample(n, raw.count, stored.count));
      } finally {
        timer.interrupt();
      }
    } catch (ExportException | IOException | RuntimeException e) {
      // No sample is no estimate of the bytes, never a failed dry run.
      return Optional.empty();
    }
  }

  /** {@code rawBytes} scaled from the sample's rows to {@code rows}. */
  long rawFor(long rows) {
    return Math.round((double) rawBytes / this.rows * rows);
  }

  /** {@code storedBytes} scaled from the sample's rows to {@code rows}. */
  long storedFor(long rows) {
    return Math.round((double) storedBytes / this.rows * rows);
  }

  /** Counts the bytes written through it. */
  private static final class Counter extends FilterOutputStream {
    long count;

    Counter(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
