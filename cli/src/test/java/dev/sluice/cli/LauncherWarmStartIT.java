package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's warm start (see the comments in {@code ./sluice}): whatever state its cache is in
 * (none yet, being recorded, made, broken, stale), an export to stdout writes the same bytes and
 * nothing but the summary on stderr, and on JDK 25 and later the cache gets made and used. The
 * tests use the kind of run "run" (an export to stdout or a file), whose files they remove before
 * and after.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LauncherWarmStartIT {
  private static final Path TARGET = Subprocess.ROOT.resolve("cli/target");
  private static final boolean AOT = Runtime.version().feature() >= 25;

  @TempDir Path dir;

  @BeforeEach
  @AfterEach
  void removeCaches() throws IOException {
    for (var file : runCacheFiles()) {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void recordingThenMakingThenUsingTheCacheLeavesStdoutAndStderrClean() throws Exception {
    var expected = export(Map.of("SLUICE_CDS", "0"));
    for (int run = 1; run <= 3; run++) {
      assertThat(export(Map.of())).as("run %d", run).isEqualTo(expected);
      if (AOT && run == 1) {
        assertThat(names()).as("after the recording run").anyMatch(n -> n.contains(".aotconf."));
      }
    }
    if (AOT) {
      assertThat(names()).anyMatch(n -> n.endsWith(".aot")).noneMatch(n -> n.contains(".aotconf"));
    } else {
      assertThat(names()).anyMatch(n -> n.endsWith(".jsa"));
    }
  }

  @Test
  void aBrokenCacheIsSkippedWithoutAWord() throws Exception {
    var expected = export(Map.of("SLUICE_CDS", "0"));
    export(Map.of());
    export(Map.of());
    var cache = runCacheFiles().stream().filter(f -> isCache(f.toString())).findFirst();
    assertThat(cache).isPresent();
    Files.write(cache.get(), "not a cache".getBytes());
    assertThat(export(Map.of())).isEqualTo(expected);
    Files.write(cache.get(), new byte[0]);
    assertThat(export(Map.of())).isEqualTo(expected);
  }

  @Test
  void aCacheOlderThanTheJarIsMadeAgain() throws Exception {
    var expected = export(Map.of("SLUICE_CDS", "0"));
    export(Map.of());
    export(Map.of());
    var before = runCacheFiles();
    assertThat(before).anyMatch(f -> isCache(f.toString()));
    var older = FileTime.fromMillis(Files.getLastModifiedTime(Subprocess.JAR).toMillis() - 60_000);
    for (var file : before) {
      Files.setLastModifiedTime(file, older);
    }
    for (int run = 1; run <= 2; run++) {
      assertThat(export(Map.of())).isEqualTo(expected);
    }
    var cache = runCacheFiles().stream().filter(f -> isCache(f.toString())).findFirst();
    assertThat(cache).isPresent();
    assertThat(Files.getLastModifiedTime(cache.get()))
        .isGreaterThan(Files.getLastModifiedTime(Subprocess.JAR));
  }

  @Test
  void runsWithTheirOwnJavaOptsNeverRecordButUseTheCache() throws Exception {
    var expected = export(Map.of("SLUICE_CDS", "0"));
    var own = Map.of("JAVA_OPTS", "-XX:+UseSerialGC -Xmx256m");
    assertThat(export(own)).isEqualTo(expected);
    assertThat(names()).noneMatch(n -> n.contains(".aotconf.") || n.endsWith(".aottried"));
    if (AOT) {
      export(Map.of());
      export(Map.of());
      var cache = runCacheFiles().stream().filter(f -> isCache(f.toString())).findFirst();
      assertThat(cache).isPresent();
      var made = Files.getLastModifiedTime(cache.get());
      assertThat(export(own)).isEqualTo(expected);
      assertThat(Files.getLastModifiedTime(cache.get())).isEqualTo(made);
    }
  }

  @Test
  void anExportFromPostgresqlKeepsACacheOfItsOwn() throws Exception {
    export(Map.of());
    var launcher = Subprocess.ROOT.resolve("sluice").toString();
    var command =
        List.of(
            launcher,
            "export",
            "--from",
            TestDatabases.POSTGRESQL.url(),
            "--query",
            "SELECT 1 AS one",
            "--format",
            "csv");
    for (int run = 1; run <= 2; run++) {
      var pg = Subprocess.start(dir, command, Map.of("PGUSER", "postgres"));
      assertThat(pg.waitFor(3, TimeUnit.MINUTES)).as(pg.stderr()).isZero();
      assertThat(Files.readString(pg.stdout)).isEqualTo("one\n1\n");
    }
    assertThat(names())
        .anyMatch(n -> n.startsWith("sluice-run-demo-") || n.startsWith("sluice-run-demo."))
        .anyMatch(
            n -> n.startsWith("sluice-run-postgresql-") || n.startsWith("sluice-run-postgresql."));
  }

  @Test
  void helpAndVersionNeverRecord() throws Exception {
    var launcher = Subprocess.ROOT.resolve("sluice").toString();
    for (var args : List.of(List.of("export", "--help"), List.of("--version"))) {
      var command = Stream.concat(Stream.of(launcher), args.stream()).toList();
      var run = Subprocess.start(dir, command, Map.of());
      assertThat(run.waitFor(2, TimeUnit.MINUTES)).as(run.stderr()).isZero();
      assertThat(run.stderr()).isEmpty();
    }
    assertThat(names()).noneMatch(n -> n.startsWith("sluice-run"));
  }

  /**
   * Runs {@code ./sluice export} of five demo rows as CSV to stdout and returns stdout, after
   * checking that it succeeded and that stderr holds the summary line and nothing else.
   */
  private String export(Map<String, String> env) throws Exception {
    var command =
        List.of(
            Subprocess.ROOT.resolve("sluice").toString(),
            "export",
            "--table",
            "orders",
            "--demo-rows",
            "5",
            "--format",
            "csv");
    var run = Subprocess.start(dir, command, env);
    assertThat(run.waitFor(3, TimeUnit.MINUTES)).as(run.stderr()).isZero();
    assertThat(run.stderr()).startsWith("sluice: 5 rows, ").hasLineCount(1);
    var out = Files.readString(run.stdout);
    assertThat(out).startsWith("id,customer,");
    return out;
  }

  private static boolean isCache(String name) {
    return name.endsWith(".aot") || name.endsWith(".jsa");
  }

  /** The warm-start files of the kind {@code run}: cache, recording, marker, lock. */
  private static List<Path> runCacheFiles() throws IOException {
    try (var files = Files.list(TARGET)) {
      return files.filter(f -> f.getFileName().toString().startsWith("sluice-run")).toList();
    }
  }

  private static List<String> names() throws IOException {
    return runCacheFiles().stream().map(f -> f.getFileName().toString()).toList();
  }
}
