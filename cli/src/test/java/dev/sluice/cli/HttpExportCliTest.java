package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.RawHttpServer;
import dev.sluice.core.sink.RawHttpServer.Script;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice export --to http(s)://...}, in process, from the real PostgreSQL. */
@Timeout(60)
class HttpExportCliTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;

  /** Per JVM: other worktrees run this class against the same server at the same time. */
  private static final String TABLE = "http_cli_orders_" + ProcessHandle.current().pid();

  private static final int ROWS = 500;
  private static final String TOKEN = "tok-8c1f9e2d";

  @TempDir Path dir;
  private RawHttpServer server;

  @BeforeAll
  static void createTable() throws Exception {
    PG.createOrders(TABLE, ROWS);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PG.drop(TABLE);
  }

  @BeforeEach
  void startServer() throws Exception {
    server = RawHttpServer.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  private Cli.Outcome export(Map<String, String> env, String... more) {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "export", "--from", PG.url(), "--user", "postgres", "--table", TABLE));
    args.addAll(java.util.List.of(more));
    return Cli.run(env, args.toArray(String[]::new));
  }

  @Test
  void exportPostsTheRowsAndPrintsTheResponse() throws Exception {
    server.enqueue(Script.respond(201, "{\"accepted\":500}\n"));

    var run =
        export(
            Map.of(),
            "--format",
            "csv",
            "--compress",
            "gzip",
            "--to",
            server.url("/ingest").toString(),
            "--header",
            "X-Tenant: acme");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEqualTo("{\"accepted\":500}\n");
    assertThat(run.stderr()).contains("500 rows").contains("-> " + server.url("/ingest"));
    var request = server.takeRequest();
    assertThat(request.requestLine()).isEqualTo("POST /ingest HTTP/1.1");
    assertThat(request.end()).isEqualTo("complete");
    assertThat(request.header("Transfer-Encoding")).contains("chunked");
    assertThat(request.header("Content-Type")).contains("text/csv");
    assertThat(request.header("Content-Encoding")).contains("gzip");
    assertThat(request.header("X-Tenant")).contains("acme");
    assertThat(Rows.read(request.body(), Format.CSV, Compression.GZIP)).hasSize(ROWS);
  }

  @Test
  void putWithSecretHeadersFromAFileAndTheEnvironment() throws Exception {
    var headers =
        Files.writeString(
            dir.resolve("headers"),
            "# secrets\nAuthorization: Bearer " + TOKEN + "\n\nX-Signature: sig-from-file\n");

    var run =
        export(
            Map.of("SLUICE_HTTP_HEADERS", "X-Api-Key: key-from-env"),
            "--to",
            server.url("/put").toString(),
            "--http-method",
            "PUT",
            "--header-file",
            headers.toString(),
            "--quiet");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.all()).isEmpty();
    var request = server.takeRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.header("Authorization")).contains("Bearer " + TOKEN);
    assertThat(request.header("X-Signature")).contains("sig-from-file");
    assertThat(request.header("X-Api-Key")).contains("key-from-env");
  }

  @Test
  void errorResponseExitsOneWithTheStatusAndNoSecret() throws Exception {
    server.enqueue(Script.respond(401, "token " + TOKEN + " is not valid\n"));

    var run =
        export(
            Map.of(),
            "--to",
            server.url("/").toString(),
            "--header",
            "Authorization: Bearer " + TOKEN);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr())
        .startsWith("sluice: " + server.url("/") + ": the server answered HTTP 401")
        .contains("token *** is not valid")
        .hasLineCount(1);
    assertThat(run.all()).doesNotContain(TOKEN);
  }

  @Test
  void responseGoesToTheResponseFile() throws Exception {
    server.enqueue(Script.respond(200, "stored\n"));
    var response = dir.resolve("response.txt");

    var run =
        export(Map.of(), "--to", server.url("/").toString(), "--response-to", response.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEmpty();
    assertThat(response).hasContent("stored");
  }

  @Test
  void failedExportLeavesNoResponseFile() throws Exception {
    server.enqueue(Script.respond(500, "no\n"));
    var response = dir.resolve("response.txt");

    var run =
        export(Map.of(), "--to", server.url("/").toString(), "--response-to", response.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(response).doesNotExist();
  }

  @Test
  void diskBufferSendsAContentLength() throws Exception {
    var run =
        export(Map.of(), "--to", server.url("/").toString(), "--http-buffer", "disk", "--quiet");

    assertThat(run.exit()).as(run.toString()).isZero();
    var request = server.takeRequest();
    assertThat(request.header("Content-Length")).contains(Long.toString(request.bodyBytes()));
    assertThat(request.header("Transfer-Encoding")).isEmpty();
    assertThat(Rows.read(request.body(), Format.NDJSON, Compression.NONE)).hasSize(ROWS);
  }

  @Test
  void lengthRequiredSuggestsTheDiskBuffer() throws Exception {
    server.enqueue(Script.respond(411, "Length Required\n"));

    var run = export(Map.of(), "--to", server.url("/").toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).contains("HTTP 411", "--http-buffer disk");
  }

  @Test
  void httpOptionsForAnotherDestinationAreAUsageError() {
    var run =
        export(
            Map.of(),
            "--to",
            dir.resolve("x.ndjson").toString(),
            "--header",
            "X-A: b",
            "--stall-timeout",
            "5");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "sluice: --header, --stall-timeout applies to http(s)://"
                + " destinations only, not --to "
                + dir.resolve("x.ndjson")
                + "\n");
  }

  @Test
  void malformedHeaderIsAUsageErrorThatDoesNotEchoIt() {
    var run = export(Map.of(), "--to", server.url("/").toString(), "--header", TOKEN);

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("sluice: --header: expected 'Name: value'\n");
  }

  @Test
  void badTimeoutAndBufferAreUsageErrors() {
    assertThat(export(Map.of(), "--to", server.url("/").toString(), "--stall-timeout", "0").exit())
        .isEqualTo(2);
    var run = export(Map.of(), "--to", server.url("/").toString(), "--http-buffer", "memory");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("sluice: --http-buffer must be stream or disk: memory\n");
  }
}
