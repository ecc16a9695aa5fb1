package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.HttpReceipt;
import dev.sluice.core.sink.HttpSink;
import dev.sluice.core.sink.RawHttpServer;
import dev.sluice.core.sink.RawHttpServer.Script;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exports from the real PostgreSQL to {@link HttpSink} and a real HTTP server on loopback. */
@Timeout(60)
class HttpExportTest {
  /**
   * Suffixed with this JVM's pid: other worktrees build the same tests against the same server at
   * the same time, and must neither drop this table nor cancel this class's queries.
   */
  static final String TABLE = "http_orders_" + ProcessHandle.current().pid();

  /** Enough rows that the body crosses many chunks before the query fails at {@link #FAIL_AT}. */
  static final int ROWS = 30_000;

  static final int FAIL_AT = 25_000;

  /** A query whose end no test waits for; the comment makes it easy to find and cancel. */
  static final String ENDLESS =
      "SELECT /* "
          + TABLE
          + " endless */ n, md5(n::text)"
          + " FROM (SELECT generate_series(1, 2000000000) AS n) s";

  private static final TestDatabases PG = TestDatabases.POSTGRESQL;

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
    // Whatever happened, leave no endless query running on the shared server.
    PG.execute(
        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = '"
            + ENDLESS
            + "' AND pid <> pg_backend_pid()");
  }

  private static long runningEndlessQueries() throws Exception {
    try (var c = PG.connect();
        var s = c.createStatement();
        var r =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                    + " AND query = '"
                    + ENDLESS
                    + "' AND pid <> pg_backend_pid()")) {
      r.next();
      return r.getLong(1);
    }
  }

  static Stream<Arguments> everyFormatAndCompression() {
    var cases = new ArrayList<Arguments>();
    for (var format : Format.values()) {
      for (var compression : Compression.values()) {
        if (format.compressesItself()) {
          continue; // Parquet has tests of its own: ParquetExportTest.
        }
        cases.add(Arguments.of(format, compression));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyFormatAndCompression")
  void exportArrivesChunkedAndRoundTrips(Format format, Compression compression) throws Exception {
    var result =
        Export.builder()
            .source(
                PG.source()
                    .query("SELECT * FROM " + TABLE + " WHERE id <= 3000 ORDER BY id")
                    .build())
            .format(format)
            .compression(compression)
            .sink(HttpSink.builder(server.url("/orders")).build())
            .build()
            .run();

    var request = server.takeRequest();
    assertThat(request.end()).isEqualTo("complete");
    assertThat(request.header("Transfer-Encoding")).contains("chunked");
    assertThat(request.header("Content-Type")).contains(format.mediaType());
    assertThat(request.header("Content-Encoding"))
        .isEqualTo(java.util.Optional.ofNullable(compression.contentEncoding()));
    assertThat(result.rows()).isEqualTo(3000);
    assertThat(result.storedBytes()).isEqualTo(request.bodyBytes());
    assertThat(result.receipt())
        .isInstanceOfSatisfying(HttpReceipt.class, r -> assertThat(r.status()).isEqualTo(200));
    ExportRoundTripTest.assertMatchesOrders(
        Rows.read(request.body(), format, compression), 1, 3000);
  }

  @Test
  void queryFailingHalfwayLeavesTheServerAnIncompleteBody() throws Exception {
    var export =
        Export.builder()
            // No ORDER BY: a sort would evaluate every row, and so fail, before sending the first.
            .source(
                PG.source()
                    .query("SELECT id, customer, 1 / (id - " + FAIL_AT + ") AS x FROM " + TABLE)
                    .build())
            .sink(HttpSink.builder(server.url("/orders")).build())
            .build();

    var thrown = catchThrowableOfType(ExportException.class, export::run);

    assertThat(thrown.reason()).isEqualTo(ExportException.Reason.SOURCE);
    assertThat(thrown.getMessage()).contains("division by zero");
    var request = server.takeRequest();
    assertThat(request.end()).startsWith("error:");
    assertThat(request.bodyBytes()).isPositive();
    assertThat(new String(request.rawBody(), StandardCharsets.ISO_8859_1))
        .doesNotEndWith("\r\n0\r\n\r\n");
  }

  @Test
  void serverClosingTheConnectionCancelsTheQuery() throws Exception {
    server.enqueue(Script.closeAfter(256 * 1024));
    // Far more rows than the test's timeout allows to produce: only a cancelled query ends. The
    // series is in the select list, where PostgreSQL streams it; in FROM it would be materialised.
    var export =
        Export.builder()
            .source(PG.source().query(ENDLESS).build())
            .sink(HttpSink.builder(server.url("/orders")).build())
            .build();

    var thrown = catchThrowableOfType(ExportException.class, export::run);

    assertThat(thrown.reason()).isEqualTo(ExportException.Reason.SINK);
    assertThat(thrown.getMessage())
        .startsWith(server.url("/orders") + ": connection failed after")
        .contains("bytes of the body were sent");
    assertThat(server.takeRequest().end()).isEqualTo("closed by the server");
    // The backend may take a moment to drop the cancelled query.
    for (int i = 0; i < 100 && runningEndlessQueries() > 0; i++) {
      Thread.sleep(100);
    }
    assertThat(runningEndlessQueries()).isZero();
  }

  @Test
  void serverErrorFailsTheExportWithTheStatus() throws Exception {
    server.enqueue(Script.respond(500, "ingest queue full\n"));
    var export =
        Export.builder()
            .source(PG.source().query("SELECT * FROM " + TABLE + " WHERE id <= 100").build())
            .sink(HttpSink.builder(server.url("/orders")).build())
            .build();

    var thrown = catchThrowableOfType(ExportException.class, export::run);

    assertThat(thrown.reason()).isEqualTo(ExportException.Reason.SINK);
    assertThat(thrown.getMessage()).contains("HTTP 500", "ingest queue full");
  }
}
