package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage: each mistake gets one line naming it and exit 2, before any query runs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExportUsageTest {
  @TempDir Path dir;

  @Test
  void queryAndTableTogetherAreAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--query", "select 1");
    assertUsageError(run, "--query=<sql>, --table=<name> are mutually exclusive");
  }

  @Test
  void neitherQueryNorTableIsAUsageError() {
    var run = Cli.run("export");
    assertUsageError(run, "Missing required argument");
  }

  @Test
  void unknownFormatIsAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--format", "xml");
    assertUsageError(run, "'xml' is not one of ndjson, csv, json or parquet");
  }

  @Test
  void unknownCompressionIsAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--compress", "brotli");
    assertUsageError(run, "'brotli' is not one of none, gzip or zstd");
  }

  @Test
  void unknownOptionIsAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--bogus");
    assertUsageError(run, "Unknown option: '--bogus' (see 'sluice export --help')");
  }

  @Test
  void missingCommandIsAUsageError() {
    assertUsageError(Cli.run(), "missing a command, such as export");
  }

  @Test
  void urlThatIsNotJdbcIsAUsageErrorWithThePasswordMasked() {
    var run = Cli.run("export", "--from", "postgresql://u:s3cret-pw@127.0.0.1/x", "--table", "t");
    assertUsageError(run, "--from postgresql://u:***@127.0.0.1/x: not a JDBC URL");
    assertThat(run.all()).doesNotContain("s3cret-pw");
  }

  @Test
  void unknownDriverIsAUsageError() {
    var run = Cli.run("export", "--from", "jdbc:nope://127.0.0.1/x", "--table", "t");
    assertUsageError(run, "--from jdbc:nope://127.0.0.1/x: no JDBC driver accepts this URL");
    assertThat(run.stderr()).contains("org.postgresql.Driver");
  }

  @Test
  void missingDirectoryIsAUsageErrorAndCreatesNothing() {
    var target = dir.resolve("no/such/dir/orders.csv");
    var run = Cli.run("export", "--table", "orders", "--to", target.toString());
    assertUsageError(run, "directory " + target.getParent() + " does not exist");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void directoryAsDestinationIsAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--to", dir.toString());
    assertUsageError(run, dir + ": is a directory");
  }

  @Test
  void unknownSchemeIsAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--to", "ftp://host/x.csv");
    assertUsageError(run, "unknown destination scheme 'ftp:'");
  }

  @Test
  void missingPasswordFileIsAUsageError() {
    var file = dir.resolve("nope.txt");
    var run =
        Cli.run(
            "export",
            "--from",
            "jdbc:postgresql://127.0.0.1:5432/sluice_test",
            "--table",
            "t",
            "--password-file",
            file.toString());
    assertUsageError(run, "--password-file " + file + ": no such file");
  }

  @Test
  void emptyPasswordFileIsAUsageError() throws IOException {
    var file = Files.writeString(dir.resolve("pw.txt"), "\nsecond line\n");
    var run =
        Cli.run(
            "export",
            "--from",
            "jdbc:postgresql://127.0.0.1:5432/sluice_test",
            "--table",
            "t",
            "--password-file",
            file.toString());
    assertUsageError(run, "the first line is empty");
  }

  @Test
  void demoRowsWithFromIsAUsageError() {
    var run =
        Cli.run(
            "export",
            "--from",
            "jdbc:postgresql://127.0.0.1:5432/sluice_test",
            "--table",
            "t",
            "--demo-rows",
            "5");
    assertUsageError(run, "--demo-rows applies to the demo database only");
  }

  @Test
  void verboseAddsTheStackTrace() {
    var run = Cli.run("export", "--table", "orders", "--to", "ftp://h/x", "--verbose");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr())
        .startsWith("sluice: --to ftp://h/x: unknown destination scheme")
        .contains("\tat dev.sluice.cli.");
  }

  @Test
  void csvOptionsWithAnotherFormatAreAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--delimiter", ";");
    assertUsageError(run, "--delimiter, --null and --no-header apply to --format csv only");
  }

  @Test
  void badDelimiterIsAUsageError() {
    var run = Cli.run("export", "--table", "orders", "--format", "csv", "--delimiter", "ab");
    assertUsageError(run, "--delimiter must be one character or 'tab': ab");
    run = Cli.run("export", "--table", "orders", "--format", "csv", "--delimiter", "\"");
    assertUsageError(run, "csv delimiter must be tab or ASCII punctuation");
  }

  @Test
  void compressionLevelOutOfRangeIsAUsageError() {
    var run =
        Cli.run("export", "--table", "orders", "--compress", "gzip", "--compress-level", "12");
    assertUsageError(run, "--compress-level: gzip level not in 1..9: 12");
  }

  @Test
  void versionNamesTheBuildAndTheJvm() {
    var run = Cli.run("--version");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout()).startsWith("sluice 0.1.0").contains("Java " + Runtime.version());
  }

  @Test
  void exportHelpDocumentsEveryOption() {
    var run = Cli.run("export", "--help");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout())
        .contains(
            "--from=<jdbc-url>",
            "--query=<sql>",
            "--table=<name>",
            "--format=ndjson|csv|json",
            "--compress=none|gzip|zstd",
            "--to=<destination>",
            "--password-file",
            "--quiet",
            "--verbose",
            "--summary-json",
            "SLUICE_DB_PASSWORD",
            "Exit codes: 0");
  }

  /** Exit 2 and exactly one line on stderr, {@code sluice: ...} holding {@code expected}. */
  static void assertUsageError(Cli.Outcome run, String expected) {
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr())
        .as(run.toString())
        .startsWith("sluice: ")
        .contains(expected)
        .hasLineCount(1);
    assertThat(run.stdoutBytes()).isEmpty();
  }
}
