package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.DuckDb;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet from the packaged jar: no Hadoop class in it or loaded, and 1 and 5 million rows with a
 * 128 MiB heap, whose peak RSS stays flat with the row count.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ParquetJarIT {
  private static final String PG = TestDatabases.POSTGRESQL.url();
  private static final Map<String, String> PG_ENV = Map.of("PGUSER", "postgres");

  @TempDir Path dir;

  private static String orders(long n) {
    return "select n as id, timestamptz '2024-01-01 00:00:00+00' + n * interval '1 second' as ts,"
        + " 'customer ' || (n % 9973) as customer, ((n % 1000000) / 100.0)::numeric(12,2)"
        + " as amount, n % 2 = 0 as paid, md5(n::text) as note from generate_series(1, "
        + n
        + ") n";
  }

  private double export(long rows, Path target, List<String> jvm) throws Exception {
    var run =
        Subprocess.jar(
            dir,
            jvm,
            PG_ENV,
            "export",
            "--from",
            PG,
            "--query",
            orders(rows),
            "--to",
            target.toString(),
            "--quiet");
    int exit = run.waitFor(5, TimeUnit.MINUTES);
    assertThat(exit).as(run.stderr()).isZero();
    var count =
        DuckDb.rows(
            "SELECT count(*)::VARCHAR AS n FROM read_parquet(" + DuckDb.literal(target) + ")");
    assertThat(count.get(0).get("n").asText()).isEqualTo(Long.toString(rows));
    var verify = Subprocess.jar(dir, List.of(), Map.of(), "verify", target.toString());
    assertThat(verify.waitFor(5, TimeUnit.MINUTES)).as(verify.stderr()).isZero();
    return run.peakRssMib();
  }

  @Test
  void theJarWritesParquetWithoutHadoopInFlatMemory() throws Exception {
    var log = dir.resolve("classes.log");
    double one =
        export(
            1_000_000,
            dir.resolve("one.parquet"),
            List.of("-Xmx128m", "-Xlog:class+load=info:file=" + log));
    var loaded = Files.readAllLines(log);
    assertThat(loaded).anyMatch(l -> l.contains("org.apache.parquet.hadoop.ParquetFileWriter"));
    assertThat(loaded).noneMatch(l -> l.contains(" org.apache.hadoop."));
    try (var jar = new java.util.jar.JarFile(Subprocess.JAR.toFile())) {
      assertThat(jar.stream()).noneMatch(e -> e.getName().startsWith("org/apache/hadoop/"));
    }

    double five = export(5_000_000, dir.resolve("five.parquet"), List.of("-Xmx128m"));

    System.out.printf(
        Locale.ROOT, "parquet, -Xmx128m: peak RSS 1M rows %.0f MiB, 5M rows %.0f MiB%n", one, five);
    Files.writeString(
        Subprocess.ROOT.resolve("cli/target/parquet-memory-check.txt"),
        String.format(Locale.ROOT, "heap=-Xmx128m peakRssMiB 1M=%.0f 5M=%.0f%n", one, five));
    assertThat(five).isLessThan(one * 1.3);
  }

  /**
   * With the launcher's own JVM options (the serial collector, a 1 GiB heap), each row group's dead
   * buffers would pile up in the old generation, which grows rather than being collected: {@link
   * OldGeneration} keeps it near the live data, so 5,000,000 rows stay under 200 MiB.
   */
  @Test
  void withTheLaunchersOptionsParquetStaysUnder200MiB() throws Exception {
    var script = Files.readString(Subprocess.ROOT.resolve("sluice"));
    var options =
        java.util.regex.Pattern.compile("(?m)^default_java_opts=\"([^\"]*)\"").matcher(script);
    assertThat(options.find()).as("default_java_opts in the launcher").isTrue();
    var jvm = List.of(options.group(1).split(" "));
    double five = export(5_000_000, dir.resolve("five.parquet"), jvm);
    System.out.printf(Locale.ROOT, "parquet, %s: peak RSS 5M rows %.0f MiB%n", jvm, five);
    assertThat(five).isLessThan(200);
  }
}
