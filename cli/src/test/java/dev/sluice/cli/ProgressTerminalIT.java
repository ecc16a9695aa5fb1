package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress display as a user sees it: {@code ./sluice export} in a pseudo-terminal made by
 * util-linux {@code script}, whose transcript holds every frame the command drew, and with stderr
 * in a file, where it prints periodic lines.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProgressTerminalIT {
  private static final String LAUNCHER = Subprocess.ROOT.resolve("sluice").toString();
  private static final Pattern RUNNING =
      Pattern.compile(
          "\\[=*> *] +\\d{1,2}% +(~[\\d:]+ left)? +[\\d,]+ of ~300,000 rows .* rows/s +[\\d.]+ s");

  @TempDir Path dir;

  /**
   * Runs the launcher with {@code args} in a terminal 120 columns wide and returns what the
   * terminal showed, split into frames at each carriage return and line feed.
   */
  private List<String> terminal(String... args) throws Exception {
    var command = new StringBuilder("stty cols 120 rows 40; exec ").append(quote(LAUNCHER));
    for (var arg : args) {
      command.append(' ').append(quote(arg));
    }
    var run =
        Subprocess.start(
            dir,
            List.of("script", "-qfec", command.toString(), "/dev/null"),
            Map.of("SLUICE_CDS", "0"));
    assertThat(run.waitFor(2, TimeUnit.MINUTES)).as(run.stderr()).isZero();
    var transcript = Files.readString(run.stdout, StandardCharsets.UTF_8);
    return Arrays.asList(transcript.split("\r\n|\r|\n", -1));
  }

  /** The elapsed seconds a frame ends with ({@code ... 1.4 s}). */
  private static double seconds(String frame) {
    var words = frame.strip().split(" +");
    return Double.parseDouble(words[words.length - 2]);
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  @Test
  void withAnEstimateTheLineHasABarPercentageAndTimeLeftAnd100PercentOnlyAtTheEnd()
      throws Exception {
    var summary = dir.resolve("summary.json");
    var frames =
        terminal(
            "export",
            "--table",
            "orders",
            "--demo-rows",
            "300000",
            "--format",
            "csv",
            "--to",
            "/dev/null",
            "--summary-json",
            summary.toString());
    var bars = frames.stream().filter(f -> f.startsWith("[")).toList();
    assertThat(bars).as(String.join("\n", frames)).hasSizeGreaterThanOrEqualTo(3);
    var running = bars.subList(0, bars.size() - 1);
    assertThat(running).allSatisfy(f -> assertThat(f.strip()).matches(RUNNING));
    assertThat(running).noneMatch(f -> f.contains("100%"));
    // The time left shows from the first second on, while rows remain.
    var counting =
        running.stream()
            .filter(f -> seconds(f) >= 1.0 && !f.contains(" 300,000 of ~300,000 rows"))
            .toList();
    assertThat(counting).as(String.join("\n", frames)).isNotEmpty();
    assertThat(counting).allSatisfy(f -> assertThat(f).contains(" left "));
    assertThat(bars.getLast()).matches("\\[=+] 100% +300,000 rows .* rows/s +[\\d.]+ s *");
    // The terminal is 120 columns: no frame wraps.
    assertThat(frames).allSatisfy(f -> assertThat(f.length()).isLessThan(120));
    // The summary follows the full bar on a line of its own.
    int last = frames.lastIndexOf(bars.getLast());
    assertThat(frames.get(last + 1)).startsWith("sluice: 300,000 rows, ");
    var json = new ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("estimatedRows").asLong()).isEqualTo(300_000);
    assertThat(json.get("estimateSource").asText()).isEqualTo("demo");
  }

  @Test
  void withoutAnEstimateTheLineIsACounter() throws Exception {
    var frames =
        terminal(
            "export",
            "--query",
            "SELECT * FROM orders",
            "--demo-rows",
            "300000",
            "--format",
            "csv",
            "--to",
            "/dev/null");
    var counters = frames.stream().filter(f -> f.matches("[\\d,]+ rows  .*")).toList();
    assertThat(counters).as(String.join("\n", frames)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(counters)
        .allSatisfy(
            f ->
                assertThat(f.strip())
                    .matches("[\\d,]+ rows  [\\d.]+ (?:[KMGT]i)?B  [\\d,]+ rows/s  [\\d.]+ s"));
    assertThat(frames).noneMatch(f -> f.contains("%") || f.contains("["));
    // The counter is blanked out before the summary.
    assertThat(frames).anyMatch(f -> f.startsWith("sluice: 300,000 rows, "));
  }

  @Test
  void offATerminalPeriodicLinesCarryThePlannersEstimate() throws Exception {
    // 6 s of rows at least (2 ms each, 100 a round trip) from PostgreSQL, whose planner knows
    // generate_series' size.
    var run =
        Subprocess.start(
            dir,
            List.of(
                LAUNCHER,
                "export",
                "--from",
                TestDatabases.POSTGRESQL.url(),
                "--user",
                TestDatabases.POSTGRESQL.user(),
                "--query",
                "SELECT g, pg_sleep(0.002) FROM generate_series(1, 3000) g",
                "--fetch-size",
                "100",
                "--to",
                "/dev/null"),
            Map.of("SLUICE_CDS", "0"));
    assertThat(run.waitFor(2, TimeUnit.MINUTES)).as(run.stderr()).isZero();
    var lines = run.stderr().lines().toList();
    assertThat(run.stderr()).doesNotContain("\r");
    var periodic = lines.subList(0, lines.size() - 1);
    assertThat(periodic)
        .as(run.stderr())
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "sluice: \\d{1,2}%  ~[\\d:]+ left  [\\d,]+ of ~3,000 rows  .* rows/s  [\\d.]+ s"));
    assertThat(lines.getLast()).startsWith("sluice: 3,000 rows, ");
  }
}
