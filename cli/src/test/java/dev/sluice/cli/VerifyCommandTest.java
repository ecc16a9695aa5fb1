package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.testing.OrdersTable;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice export}'s manifest flags and {@code sluice verify}, in process, on files exported
 * from the real PostgreSQL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VerifyCommandTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final Map<String, String> PG_ENV = Map.of("PGUSER", "postgres");
  private static final int ROWS = 1_000;
  @RegisterExtension static final OrdersTable ORDERS = OrdersTable.of(PG, "mf_cli_orders", ROWS);
  private static final String TABLE = ORDERS.name();

  @TempDir Path dir;

  /** Exports the table to {@code name} in {@code dir} with {@code options}; asserts it worked. */
  Path export(String name, String... options) {
    var target = dir.resolve(name);
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "export",
                "--from",
                PG.url(),
                "--query",
                "select * from " + TABLE + " order by id",
                "--to",
                target.toString(),
                "--quiet"));
    args.addAll(Arrays.asList(options));
    var run = Cli.run(PG_ENV, args.toArray(String[]::new));
    assertThat(run.exit()).as(run.toString()).isZero();
    return target;
  }

  @Test
  void goodExportVerifies() {
    var target = export("orders.csv.gz", "--format", "csv");
    assertThat(dir.resolve("orders.csv.gz.manifest.json")).isRegularFile();

    var run = Cli.run("verify", target.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout())
        .matches(
            "OK "
                + Pattern.quote(target.toString())
                + ": 1000 rows, \\d+ bytes, sha256 [0-9a-f]{64}\n");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void truncatedDataFailsNamingRowsAndBytes() throws Exception {
    var target = export("orders.ndjson");
    byte[] data = Files.readAllBytes(target);
    Files.write(target, Arrays.copyOf(data, data.length - 100));

    var run = Cli.run("verify", "file:" + target);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout())
        .startsWith(
            "MISMATCH "
                + target
                + ": rows: manifest 1000, data 999;"
                + " bytes: manifest "
                + data.length
                + ", data "
                + (data.length - 100)
                + "; sha256: manifest ")
        .endsWith("; data: the last line has no line ending (truncated?)\n");
  }

  @Test
  void flippedByteFailsNamingTheHash() throws Exception {
    var target = export("orders.json.zst", "--format", "json");
    byte[] data = Files.readAllBytes(target);
    data[data.length / 2] ^= 0x40;
    Files.write(target, data);

    var run = Cli.run("verify", target.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).startsWith("MISMATCH ").contains("sha256 (stored): manifest ");
    assertThat(run.stdout()).doesNotContain("bytes (stored)");
  }

  @Test
  void removedRowFailsNamingTheRowCount() throws Exception {
    var target = export("orders.ndjson.gz");
    var text =
        new String(
            Rows.decompress(new ByteArrayInputStream(Files.readAllBytes(target)), Compression.GZIP)
                .readAllBytes(),
            StandardCharsets.UTF_8);
    var withoutRow = text.replaceFirst("(?m)^\\{\"id\":5,.*\n", "");
    assertThat(withoutRow).hasSizeLessThan(text.length());
    var out = new ByteArrayOutputStream();
    try (var gz = Compression.GZIP.compress(out, 6)) {
      gz.write(withoutRow.getBytes(StandardCharsets.UTF_8));
    }
    Files.write(target, out.toByteArray());

    var run = Cli.run("verify", target.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout())
        .startsWith("MISMATCH " + target + ": rows: manifest 1000, data 999; ")
        .contains("sha256 (uncompressed): manifest ");
  }

  @Test
  void exportWithoutManifestCannotBeVerified() {
    var target = export("orders.ndjson", "--no-manifest");
    assertThat(dir.resolve("orders.ndjson.manifest.json")).doesNotExist();

    var run = Cli.run("verify", target.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .isEqualTo(
            "sluice: "
                + target
                + ": no manifest at "
                + target
                + ".manifest.json (the export did not finish, or ran with --no-manifest)\n");
  }

  @Test
  void missingDataWithItsManifestIsAMismatch() throws Exception {
    var target = export("orders.ndjson");
    Files.delete(target);

    var run = Cli.run("verify", target.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).startsWith("MISMATCH " + target + ": data: missing");
  }

  @Test
  void stdoutExportWritesItsManifestToTheNamedFile() throws Exception {
    var manifest = dir.resolve("stdout.manifest.json");
    var run =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--table",
            TABLE,
            "--compress",
            "zstd",
            "--manifest",
            manifest.toString(),
            "--quiet");
    assertThat(run.exit()).as(run.toString()).isZero();
    var saved = dir.resolve("saved.ndjson.zst");
    Files.write(saved, run.stdoutBytes());

    var verify = Cli.run("verify", saved.toString(), "--manifest", manifest.toString());

    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout()).startsWith("OK " + saved + ": 1000 rows, ");
  }

  @Test
  void stdoutExportWritesNoManifestByDefault() {
    var run =
        Cli.run(PG_ENV, "export", "--from", PG.url(), "--query", "select 1 as one", "--quiet");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void manifestFlagsAreCheckedBeforeTheQuery() {
    var both =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select 1",
            "--to",
            dir.resolve("x.ndjson").toString(),
            "--manifest",
            "--no-manifest");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.stderr())
        .isEqualTo("sluice: --manifest and --no-manifest exclude each other\n");

    var nowhere =
        Cli.run(PG_ENV, "export", "--from", PG.url(), "--query", "select 1", "--manifest");
    assertThat(nowhere.exit()).isEqualTo(2);
    assertThat(nowhere.stderr())
        .isEqualTo(
            "sluice: --manifest: stdout has no place beside it"
                + " for a manifest; name a file: --manifest <file>\n");

    var badDir =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select 1",
            "--manifest",
            dir.resolve("no/such/m.json").toString());
    assertThat(badDir.exit()).isEqualTo(2);
    assertThat(badDir.stderr()).startsWith("sluice: ").contains("does not exist").hasLineCount(1);
    assertThat(badDir.stdoutBytes()).isEmpty();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void queryFailingHalfwayLeavesNeitherDataNorManifest() {
    var run =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select n, 1/(n-150000) from generate_series(1,300000) n",
            "--to",
            dir.resolve("fails.ndjson.gz").toString(),
            "--quiet");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).contains("division by zero");
    assertThat(dir).isEmptyDirectory();
  }
}
