package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ExportProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong rows = new AtomicLong();

  private ExportProgress snapshot() {
    long n = rows.addAndGet(1000);
    return new ExportProgress(n, n * 100, n * 100, 2_000_000_000L);
  }

  @Test
  void lineShowsRowsBytesRateAndElapsed() {
    assertThat(Progress.line(new ExportProgress(1_234_567, 210_300_000, 210_300_000,
        5_000_000_000L))).isEqualTo("1,234,567 rows  210.3 MB  246,913 rows/s  5.0 s");
  }

  @Test
  void lineShowsStoredBytesWhenCompressed() {
    assertThat(Progress.line(new ExportProgress(10, 2_000_000, 410_000, 1_000_000_000L)))
        .isEqualTo("10 rows  2.0 MB -> 410.0 kB  10 rows/s  1.0 s");
  }

  @Test
  void logModePrintsWholeLines() throws InterruptedException {
    try (var p = Progress.start(err, this::snapshot, false, Duration.ofMillis(10))) {
      awaitOutput(3);
    }
    var text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").startsWith("sluice: 1,000 rows  100.0 kB");
    assertThat(text.lines()).allMatch(l -> l.startsWith("sluice: ") && l.endsWith(" s"));
  }

  @Test
  void terminalModeRedrawsOneLineAndClearsItOnClose() throws InterruptedException {
    try (var p = Progress.start(err, this::snapshot, true, Duration.ofMillis(10))) {
      awaitOutput(3);
    }
    var text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("\r1,000 rows").doesNotContain("\n").endsWith("\r");
    // The last thing drawn is blanks: the summary line starts on a clean line.
    assertThat(text.substring(text.lastIndexOf('\r', text.length() - 2) + 1).strip()).isEmpty();
  }

  @Test
  void closeBeforeTheFirstTickPrintsNothing() {
    Progress.start(err, this::snapshot, true, Duration.ofHours(1)).close();
    assertThat(bytes.size()).isZero();
  }

  private void awaitOutput(int ticks) throws InterruptedException {
    while (rows.get() < ticks * 1000L) {
      Thread.sleep(5);
    }
  }
}
