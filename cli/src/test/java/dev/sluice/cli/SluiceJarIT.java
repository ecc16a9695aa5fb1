package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command as a user runs it: the shaded jar in its own JVM, and the ./sluice launcher.
 * Runs after {@code package} (surefire's {@code jar-tests} execution).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SluiceJarIT {
  private static final String PG = TestDatabases.POSTGRESQL.url();
  private static final Map<String, String> PG_ENV = Map.of("PGUSER", "postgres");

  @TempDir Path dir;

  @Test
  void launcherRunsFromAnyDirectoryAndPassesTheExitCode() throws Exception {
    var launcher = Subprocess.ROOT.resolve("sluice").toString();
    var version = Subprocess.start(dir, List.of(launcher, "--version"), Map.of());
    assertThat(version.waitFor(5, TimeUnit.MINUTES)).as(version.stderr()).isZero();
    assertThat(Files.readString(version.stdout)).startsWith("sluice 0.1.0");

    var usage = Subprocess.start(dir, List.of(launcher, "export", "--format", "xml"), Map.of());
    assertThat(usage.waitFor(1, TimeUnit.MINUTES)).isEqualTo(2);
    assertThat(usage.stderr()).startsWith("sluice: ").hasLineCount(1);
  }

  @Test
  void launcherPassesJavaOptsToTheJvm() throws Exception {
    var launcher = Subprocess.ROOT.resolve("sluice").toString();
    var run = Subprocess.start(dir, List.of(launcher, "--version"), Map.of("JAVA_OPTS", "-Xmx1k"));
    // A 1 KiB heap is refused by the JVM itself (on stdout): proof the option reached it.
    int exit = run.waitFor(1, TimeUnit.MINUTES);
    assertThat(Files.readString(run.stdout) + run.stderr()).contains("Too small maximum heap");
    assertThat(exit).isNotZero();
  }

  @Test
  void demoExportRunsFromTheJarWithRelativePaths() throws Exception {
    var run =
        Subprocess.jar(
            dir,
            List.of(),
            Map.of(),
            "export",
            "--table",
            "orders",
            "--demo-rows",
            "500",
            "--to",
            "orders.csv.zst",
            "--format",
            "csv");
    assertThat(run.waitFor(2, TimeUnit.MINUTES)).as(run.stderr()).isZero();
    assertThat(dir.resolve("orders.csv.zst")).isRegularFile();
    assertThat(run.stderr()).contains("500 rows, ").contains("stored (zstd on zstd-jni)");
  }

  @Test
  void sigintExitsWith130AndLeavesNoFile() throws Exception {
    var out = dir.resolve("out");
    Files.createDirectory(out);
    var run =
        Subprocess.jar(
            dir,
            List.of(),
            PG_ENV,
            "export",
            "--from",
            PG,
            "--query",
            "select n, repeat('x', 200) as pad from generate_series(1, 200000000) n",
            "--to",
            out.resolve("big.ndjson").toString());
    // Interrupt once the temporary file holds data: mid-stream, not before the query started.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!hasTempFileWithData(out)) {
      assertThat(run.process.isAlive()).as(run.stderr()).isTrue();
      assertThat(System.nanoTime()).as("no temp file appeared").isLessThan(deadline);
      Thread.sleep(50);
    }
    run.interrupt();
    assertThat(run.waitFor(1, TimeUnit.MINUTES)).as(run.stderr()).isEqualTo(130);
    assertThat(out).isEmptyDirectory();
    assertThat(run.stderr().lines().filter(l -> l.startsWith("sluice: export cancelled")))
        .hasSize(1);
  }

  /**
   * At least 5 million rows (about 1.3 GB of NDJSON, twenty times the heap) through the command
   * with a 64 MiB heap: proof that nothing on the way holds the data set.
   */
  @Test
  void fiveMillionRowsExportWithA64MiBHeap() throws Exception {
    var summary = dir.resolve("summary.json");
    var run =
        Subprocess.jar(
            dir,
            List.of("-Xmx64m"),
            PG_ENV,
            "export",
            "--from",
            PG,
            "--query",
            "select n as id, timestamptz '2024-01-01 00:00:00+00' + n * interval '1 second' as ts,"
                + " 'customer ' || (n % 9973) as customer, (n % 1000000) / 100.0 as amount,"
                + " repeat('x', 150) as pad, n % 2 = 0 as paid from generate_series(1, 5000000) n",
            "--to",
            "/dev/null",
            "--quiet",
            "--summary-json",
            summary.toString());
    int exit = run.waitFor(4, TimeUnit.MINUTES);
    assertThat(exit).as(run.stderr()).isZero();
    var json = new ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("rows").asLong()).isEqualTo(5_000_000);
    assertThat(json.get("rawBytes").asLong()).isGreaterThan(20L * 64 * 1024 * 1024);
    // Reported, not asserted: RSS depends on the JVM's code cache, metaspace and GC.
    System.out.printf(
        "sluice export, 5,000,000 rows (%,d bytes NDJSON), -Xmx64m: peak RSS"
            + " %.0f MiB, %.1f s, %,.0f rows/s%n",
        json.get("rawBytes").asLong(),
        run.peakRssMib(),
        json.get("elapsedSeconds").asDouble(),
        json.get("rowsPerSecond").asDouble());
    Files.writeString(
        Subprocess.ROOT.resolve("cli/target/memory-check.txt"),
        String.format(
            "rows=5000000 rawBytes=%d heap=-Xmx64m peakRssMiB=%.0f seconds=%.1f%n",
            json.get("rawBytes").asLong(),
            run.peakRssMib(),
            json.get("elapsedSeconds").asDouble()));
  }

  private static boolean hasTempFileWithData(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.anyMatch(
          p -> {
            try {
              return p.getFileName().toString().endsWith(".tmp") && Files.size(p) > 1_000_000;
            } catch (IOException e) {
              return false;
            }
          });
    }
  }
}
