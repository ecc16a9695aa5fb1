package dev.sluice.core;

import static dev.sluice.core.ExportException.Reason.INTERRUPTED;
import static dev.sluice.core.ExportException.Reason.SINK;
import static dev.sluice.core.ExportException.Reason.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.testing.TestDatabases;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How an export fails: who is blamed, what the message says, what is left at the destination. */
@Timeout(60)
class ExportFailureTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;

  @TempDir Path dir;

  /**
   * With either compressor, whose threads the encoder writes to directly (see CompressionStage).
   */
  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"GZIP", "ZSTD"})
  void queryFailingHalfwayLeavesNoFile(Compression compression) throws Exception {
    var target = dir.resolve("out.ndjson" + (compression == Compression.GZIP ? ".gz" : ".zst"));
    var e =
        failing(
            Export.builder()
                .source(
                    PG.source()
                        .query("SELECT n, 1 / (n - 150000) AS x FROM generate_series(1, 300000) n")
                        .build())
                .compression(compression)
                .sink(FileSink.of(target)));

    assertThat(e.reason()).as(e.getMessage()).isEqualTo(SOURCE);
    assertThat(e.getMessage())
        .matches("query failed after 1[0-4]\\d,\\d{3} rows: .*division by zero");
    assertThat(dir).isEmptyDirectory();
    // The native gzip's workers are stopped and its memory freed.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (deflateThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(deflateThreads()).isZero();
  }

  private static long deflateThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("sluice-deflate-"))
        .count();
  }

  @Test
  void failedExportLeavesAnExistingTargetAsItWas() throws Exception {
    var target = dir.resolve("out.ndjson");
    Files.writeString(target, "old content\n");
    var e =
        failing(
            Export.builder()
                .source(
                    PG.source()
                        .query("SELECT n, 1 / (n - 50000) AS x FROM generate_series(1, 60000) n")
                        .build())
                .sink(FileSink.of(target)));

    assertThat(e.reason()).isEqualTo(SOURCE);
    assertThat(target).hasContent("old content");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void stdoutSinkFailsWhenItsPrintStreamFails() throws Exception {
    var broken =
        new java.io.PrintStream(
            new java.io.OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
              }
            });
    var e =
        failing(
            Export.builder()
                .source(PG.source().query(PG.series(100_000)).build())
                .sink(new dev.sluice.core.sink.StdoutSink(broken)));

    assertThat(e.reason()).isEqualTo(SINK);
    assertThat(e.getMessage()).startsWith("stdout: write failed");
  }

  /**
   * Through a cursor the error is the server's FATAL message; through COPY pgjdbc drops it and
   * reports only the broken connection.
   */
  @ParameterizedTest(name = "pgCopy {0}")
  @ValueSource(booleans = {true, false})
  void connectionKilledMidStreamLeavesNoFile(boolean pgCopy) throws Exception {
    var target = dir.resolve("out.csv");
    var marker = "eng_kill_" + System.nanoTime();
    var sink = new SlowSink(FileSink.of(target));
    var export =
        Export.builder()
            .source(
                PG.source()
                    .query(PG.series(5_000_000, "'" + marker + "' AS m"))
                    .fetchSize(1000)
                    .pgCopy(pgCopy)
                    .build())
            .format(Format.CSV)
            .sink(sink)
            .build();
    var run = CompletableFuture.supplyAsync(() -> outcome(export));
    waitForRows(export, 10_000);
    PG.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE query LIKE '%"
            + marker
            + "%' AND pid <> pg_backend_pid()");

    var e = (ExportException) run.get(30, TimeUnit.SECONDS);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(SOURCE);
    assertThat(e.getMessage())
        .startsWith("query failed after ")
        .contains(pgCopy ? "the connection to the database closed during COPY" : "terminat");
    assertThat(dir).isEmptyDirectory();
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.class,
      names = {"POSTGRESQL", "MARIADB"})
  void sinkFailureCancelsTheBlockedQuery(TestDatabases db) throws Exception {
    var marker = "eng_cancel_" + System.nanoTime();
    // The first rows arrive at once (enough bytes for the server to flush them); then the server
    // sleeps in row 101 for a minute, so the producer is blocked inside the driver when the sink
    // fails: only a cancel frees it.
    var sleep =
        db == TestDatabases.POSTGRESQL
            ? "CASE WHEN n = 101 THEN pg_sleep(60) END AS s"
            : "IF(n = 101, SLEEP(20), 0) AS s";
    var source =
        db.source()
            .query(db.series(200, "'" + marker + "' AS m", "REPEAT('x', 2000) AS pad", sleep))
            .fetchSize(10)
            .build();
    var failing =
        sink(
            "test://failing",
            data -> {
              try {
                Thread.sleep(500);
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
              throw new IOException("disk on fire");
            });
    long start = System.nanoTime();
    var e = failing(Export.builder().source(source).sink(failing));

    assertThat(e.reason()).as(e.getMessage()).isEqualTo(SINK);
    assertThat(e.getMessage()).isEqualTo("test://failing: disk on fire");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
    awaitNoActiveQueries(db, marker);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void sinkFailingAfterSomeBytesStopsTheProducer(TestDatabases db) throws Exception {
    var sink =
        sink(
            "test://limited",
            data -> {
              var buffer = new byte[8192];
              long total = 0;
              for (int n; (n = data.read(buffer)) != -1; ) {
                total += n;
                if (total > 1_000_000) {
                  throw new IOException("quota exceeded after " + total + " bytes");
                }
              }
              throw new AssertionError("the sink should have failed first");
            });
    var export =
        Export.builder()
            .source(db.source().query(db.series(50_000_000)).build())
            .sink(sink)
            .build();
    var e = catchThrowableOfType(ExportException.class, export::run);

    assertThat(e.reason()).as(e.getMessage()).isEqualTo(SINK);
    assertThat(e.getMessage()).startsWith("test://limited: quota exceeded after ");
    // The producer ended: the row count stays where it stopped.
    long rows = export.progress().rows();
    Thread.sleep(200);
    assertThat(export.progress().rows()).isEqualTo(rows).isLessThan(50_000_000);
  }

  @Test
  void cancelInterruptsTheExportAndLeavesNoFile() throws Exception {
    var target = dir.resolve("out.ndjson");
    var export =
        Export.builder()
            .source(PG.source().query(PG.series(50_000_000)).build())
            .sink(new SlowSink(FileSink.of(target)))
            .build();
    var run = CompletableFuture.supplyAsync(() -> outcome(export));
    waitForRows(export, 10_000);
    export.cancel();

    var e = (ExportException) run.get(30, TimeUnit.SECONDS);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(INTERRUPTED);
    assertThat(e.getMessage()).matches("export cancelled after [\\d,]+ rows");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void cancelStopsAQueryStillRunningBeforeItsFirstRow() throws Exception {
    var export =
        Export.builder()
            .source(PG.source().query("SELECT pg_sleep(60) AS eng_sleep").build())
            .sink(FileSink.of(dir.resolve("out.ndjson")))
            .build();
    var run = CompletableFuture.supplyAsync(() -> outcome(export));
    Thread.sleep(500);
    export.cancel();

    var e = (ExportException) run.get(20, TimeUnit.SECONDS);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(INTERRUPTED);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void cancelBeforeRunFailsAtOnce() throws Exception {
    var export =
        Export.builder()
            .source(PG.source().query("SELECT 1").build())
            .sink(FileSink.of(dir.resolve("x")))
            .build();
    export.cancel();
    var e = catchThrowableOfType(ExportException.class, export::run);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(INTERRUPTED);
  }

  @Test
  void anExportRunsOnce() throws Exception {
    var export =
        Export.builder()
            .source(PG.source().query("SELECT 1 AS one").build())
            .sink(new dev.sluice.core.sink.StdoutSink(new java.io.ByteArrayOutputStream()))
            .build();
    export.run();
    assertThat(catchThrowableOfType(IllegalStateException.class, export::run))
        .hasMessage("an export runs once");
  }

  @Test
  void sourceFailureIsNotBlamedOnTheSinkThatClosedItsInput() throws Exception {
    // A sink that wraps the stream in try-with-resources closes the pipe when it fails; the error
    // it reports is still the query's.
    var sink =
        sink(
            "test://closing",
            data -> {
              try (data) {
                data.transferTo(java.io.OutputStream.nullOutputStream());
              }
              return Receipt.of("test://closing", 0);
            });
    var e =
        failing(
            Export.builder()
                .source(
                    PG.source()
                        .query("SELECT n, 1 / (n - 20000) AS x FROM generate_series(1, 30000) n")
                        .build())
                .sink(sink));
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(SOURCE);
    assertThat(e.getMessage()).contains("division by zero");
  }

  /** What a test sink does with its input. */
  interface Body {
    Receipt write(InputStream data) throws IOException;
  }

  /** A sink for {@code destination} whose write does {@code body}: a seam to inject faults. */
  static Sink sink(String destination, Body body) {
    return new Sink() {
      @Override
      public String destination() {
        return destination;
      }

      @Override
      public Receipt write(InputStream data, ContentType contentType) throws IOException {
        return body.write(data);
      }
    };
  }

  static ExportException failing(Export.Builder builder) {
    return catchThrowableOfType(ExportException.class, () -> builder.build().run());
  }

  static Object outcome(Export export) {
    try {
      return export.run();
    } catch (ExportException e) {
      return e;
    }
  }

  static void waitForRows(Export export, long rows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (export.progress().rows() < rows) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("export did not reach " + rows + " rows: " + export.progress());
      }
      Thread.sleep(10);
    }
  }

  /** Waits a few seconds at most for the server to forget a cancelled query. */
  static void awaitNoActiveQueries(TestDatabases db, String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (activeQueries(db, marker) > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the query " + marker + " still runs on " + db);
      }
      Thread.sleep(50);
    }
  }

  /** Queries running on {@code db} whose text holds {@code marker}, other than this one. */
  static long activeQueries(TestDatabases db, String marker) throws Exception {
    var sql =
        db == TestDatabases.POSTGRESQL
            ? "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND query LIKE '%"
                + marker
                + "%' AND pid <> pg_backend_pid()"
            : "SELECT count(*) FROM information_schema.processlist WHERE command = 'Query'"
                + " AND info LIKE '%"
                + marker
                + "%' AND id <> connection_id()";
    try (var c = db.connect();
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Hands a sink the data slowly (a millisecond per 8 KiB), so a test can act mid-stream. */
  static final class SlowSink implements Sink {
    private final Sink target;

    SlowSink(Sink target) {
      this.target = target;
    }

    @Override
    public String destination() {
      return target.destination();
    }

    @Override
    public Receipt write(InputStream data, ContentType contentType) throws IOException {
      return target.write(
          new FilterInputStream(data) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              try {
                Thread.sleep(1);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
              }
              return super.read(b, off, Math.min(len, 8192));
            }

            @Override
            public long transferTo(java.io.OutputStream out) throws IOException {
              var buffer = new byte[8192];
              long total = 0;
              for (int n; (n = read(buffer, 0, buffer.length)) != -1; ) {
                out.write(buffer, 0, n);
                total += n;
              }
              return total;
            }
          },
          contentType);
    }
  }
}
