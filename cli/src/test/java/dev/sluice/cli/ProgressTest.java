package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.Bottleneck;
import dev.sluice.core.ExportProgress;
import dev.sluice.core.ExportResult;
import dev.sluice.core.sink.Receipt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong rows = new AtomicLong();
  private static final Estimate TEN_MILLION = new Estimate(10_000_000, "pg_class.reltuples");

  /** 4,500,000 rows in 10 s: 450,000 rows/s, 5,500,000 rows (12.2 s) to go. */
  private static final ExportProgress HALFWAY =
      new ExportProgress(4_500_000, 1_400_000_000, 55_500_000, 10_000_000_000L);

  private ExportProgress snapshot() {
    long n = rows.addAndGet(1000);
    return new ExportProgress(n, n * 100, n * 100, 2_000_000_000L);
  }

  @Test
  void lineShowsRowsBytesRateAndElapsed() {
    assertThat(
            Progress.line(new ExportProgress(1_234_567, 210_300_000, 210_300_000, 5_000_000_000L)))
        .isEqualTo("1,234,567 rows  200.6 MiB  246,913 rows/s  5.0 s");
  }

  @Test
  void lineShowsStoredBytesWhenCompressed() {
    assertThat(Progress.line(new ExportProgress(10, 2_000_000, 410_000, 1_000_000_000L)))
        .isEqualTo("10 rows  1.9 MiB -> 400.4 KiB  10 rows/s  1.0 s");
  }

  @Test
  void logModePrintsWholeLines() throws InterruptedException {
    try (var p =
        Progress.start(err, this::snapshot, () -> null, false, 80, Duration.ofMillis(10))) {
      awaitOutput(3);
    }
    var text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").startsWith("sluice: 1,000 rows  97.7 KiB");
    assertThat(text.lines()).allMatch(l -> l.startsWith("sluice: ") && l.endsWith(" s"));
  }

  @Test
  void terminalModeRedrawsOneLineAndClearsItOnClose() throws InterruptedException {
    try (var p = Progress.start(err, this::snapshot, () -> null, true, 80, Duration.ofMillis(10))) {
      awaitOutput(3);
    }
    var text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("\r1,000 rows").doesNotContain("\n").endsWith("\r");
    // The last thing drawn is blanks: the summary line starts on a clean line.
    assertThat(text.substring(text.lastIndexOf('\r', text.length() - 2) + 1).strip()).isEmpty();
  }

  @Test
  void closeBeforeTheFirstTickPrintsNothing() {
    Progress.start(err, this::snapshot, () -> null, true, 80, Duration.ofHours(1)).close();
    assertThat(bytes.size()).isZero();
  }

  @Test
  void lineWithAnEstimateLeadsWithPercentageAndTimeLeft() {
    assertThat(Progress.line(HALFWAY, TEN_MILLION, false))
        .isEqualTo(
            "45%  ~0:13 left"
                + "  4,500,000 of ~10,000,000 rows  1.3 GiB -> 52.9 MiB  450,000 rows/s  10.0 s");
  }

  @Test
  void percentageStaysAt99WhileRunningPastTheEstimate() {
    var past = new ExportProgress(12_000_000, 1, 1, 10_000_000_000L);
    // No time left to tell: the estimate was short.
    assertThat(Progress.line(past, TEN_MILLION, false)).startsWith("99%  12,000,000 of ~");
    assertThat(squeezed(Progress.terminalLine(past, TEN_MILLION, false, 120)))
        .startsWith("[" + "=".repeat(27) + ">] 99% 12,000,000 of ~");
  }

  @Test
  void percentageIsFlooredSo99Point9IsStill99() {
    var almost = new ExportProgress(9_999_999, 1, 1, 10_000_000_000L);
    assertThat(Progress.line(almost, TEN_MILLION, false)).startsWith("99%  ~0:01 left");
  }

  @Test
  void timeLeftWaitsForTheFirstSecond() {
    var early = new ExportProgress(1, 1, 1, 200_000_000L);
    assertThat(Progress.line(early, TEN_MILLION, false)).startsWith("0%  1 of ~10,000,000 rows");
    assertThat(squeezed(Progress.terminalLine(early, TEN_MILLION, false, 120)))
        .startsWith("[> ] 0% 1 of ~10,000,000 rows 1 B");
  }

  @Test
  void doneShows100PercentAFullBarAndNoTimeLeft() {
    assertThat(squeezed(Progress.terminalLine(HALFWAY, TEN_MILLION, true, 120)))
        .isEqualTo(
            "["
                + "=".repeat(16)
                + "] 100% 4,500,000 rows 1.3 GiB -> 52.9 MiB 450,000 rows/s 10.0 s");
  }

  @Test
  void terminalLineWithoutAnEstimateIsTheCounter() {
    assertThat(Progress.terminalLine(HALFWAY, null, false, 120))
        .isEqualTo(Progress.line(HALFWAY))
        .doesNotContain("%", "[", "~");
  }

  @Test
  void terminalLineHasABarProportionalToTheRows() {
    assertThat(Progress.terminalLine(HALFWAY, TEN_MILLION, false, 200))
        .isEqualTo(
            "[=============>                ]  45%   ~0:13 left   4,500,000 of ~10,000,000 rows"
                + "     1.3 GiB ->   52.9 MiB  450,000 rows/s   10.0 s");
  }

  @Test
  void terminalLineKeepsItsLengthAsTheNumbersGrow() {
    var start = new ExportProgress(100_000, 10_000_000, 1_000_000, 1_000_000_000L);
    var later = new ExportProgress(9_000_000, 900_000_000, 90_000_000, 20_000_000_000L);
    for (int width : new int[] {80, 100, 140}) {
      assertThat(Progress.terminalLine(start, TEN_MILLION, false, width))
          .hasSameSizeAs(Progress.terminalLine(later, TEN_MILLION, false, width))
          .hasSameSizeAs(Progress.terminalLine(HALFWAY, TEN_MILLION, false, width));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 20, 40, 60, 80, 100, 120, 200})
  void terminalLineNeverReachesTheLastColumn(int width) {
    for (var p : new ExportProgress[] {HALFWAY, new ExportProgress(0, 0, 0, 0)}) {
      for (var done : new boolean[] {false, true}) {
        assertThat(Progress.terminalLine(p, TEN_MILLION, done, width).length())
            .isLessThan(Math.max(2, width));
        assertThat(Progress.terminalLine(p, null, done, width).length())
            .isLessThan(Math.max(2, width));
      }
    }
  }

  @Test
  void narrowTerminalDropsTotalThenBytesThenPaceThenTheBar() {
    assertThat(squeezed(Progress.terminalLine(HALFWAY, TEN_MILLION, false, 120)))
        .matches("\\[=+> +] 45% ~0:13 left 4,500,000 of ~10,000,000 rows 1.3 GiB -> 52.9 MiB .*");
    assertThat(squeezed(Progress.terminalLine(HALFWAY, TEN_MILLION, false, 100)))
        .matches("\\[=+> +] 45% ~0:13 left 4,500,000 rows 1.3 GiB -> 52.9 MiB 450,000 .*");
    assertThat(squeezed(Progress.terminalLine(HALFWAY, TEN_MILLION, false, 76)))
        .matches("\\[=+> +] 45% ~0:13 left 4,500,000 rows 450,000 rows/s 10.0 s");
    assertThat(squeezed(Progress.terminalLine(HALFWAY, TEN_MILLION, false, 50)))
        .matches("\\[=+> +] 45% ~0:13 left 4,500,000 rows");
    assertThat(Progress.terminalLine(HALFWAY, TEN_MILLION, false, 41))
        .isEqualTo("45%  ~0:13 left  4,500,000 rows  1.3 GiB");
  }

  /** {@code line} with each run of spaces made one, so checks of the fields skip the padding. */
  private static String squeezed(String line) {
    return line.strip().replaceAll(" +", " ");
  }

  @Test
  void clockShowsMinutesAndSecondsThenHours() {
    assertThat(Progress.clock(0)).isEqualTo("0:00");
    assertThat(Progress.clock(6.2)).isEqualTo("0:07");
    assertThat(Progress.clock(750)).isEqualTo("12:30");
    assertThat(Progress.clock(3723)).isEqualTo("1:02:03");
    assertThat(Progress.clock(1e12)).isEqualTo("99:59:59");
  }

  @Test
  void logModeWithAnEstimateCarriesPercentageAndTimeLeft() throws InterruptedException {
    try (var p =
        Progress.start(
            err,
            this::snapshot,
            () -> new Estimate(1_000_000, "EXPLAIN"),
            false,
            80,
            Duration.ofMillis(10))) {
      awaitOutput(3);
    }
    var text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("sluice: 0%  ~33:18 left  1,000 of ~1,000,000 rows  97.7 KiB")
        .doesNotContain("\r", "[");
    assertThat(text.lines()).allMatch(l -> l.matches("sluice: \\d+%  ~[\\d:]+ left  .* s"));
  }

  @Test
  void terminalModeLeavesTheFullBarAfterDone() throws InterruptedException {
    try (var p =
        Progress.start(
            err,
            this::snapshot,
            () -> new Estimate(1_000_000, "EXPLAIN"),
            true,
            100,
            Duration.ofMillis(10))) {
      awaitOutput(3);
      p.done(
          new ExportResult(
              1_000_000,
              100_000_000,
              100_000_000,
              Duration.ofSeconds(4),
              Receipt.of("stdout", 100_000_000),
              Bottleneck.BALANCED));
    }
    var text = bytes.toString(StandardCharsets.UTF_8);
    var frames = text.split("\r");
    assertThat(text).endsWith("\n").startsWith("\r[");
    assertThat(squeezed(frames[frames.length - 1])).matches("\\[=+] 100% 1,000,000 rows .*");
    // 100% is drawn once, last.
    assertThat(text.indexOf("100%")).isEqualTo(text.lastIndexOf("100%"));
    assertThat(text.substring(0, text.lastIndexOf('\r'))).doesNotContain("100%");
  }

  @Test
  void terminalModeClearsTheLineWhenTheExportDidNotFinish() throws InterruptedException {
    try (var p =
        Progress.start(
            err,
            this::snapshot,
            () -> new Estimate(1_000_000, "EXPLAIN"),
            true,
            100,
            Duration.ofMillis(10))) {
      awaitOutput(3);
    }
    var text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("%  ~").doesNotContain("100%", "\n").endsWith("\r");
    assertThat(text.substring(text.lastIndexOf('\r', text.length() - 2) + 1).strip()).isEmpty();
  }

  private void awaitOutput(int ticks) throws InterruptedException {
    while (rows.get() < ticks * 1000L) {
      Thread.sleep(5);
    }
  }
}
