package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.jdbc.JdbcSource;
import dev.sluice.core.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each database really streams: an export of a result several times larger than the heap succeeds
 * in a child JVM with {@value #HEAP}, where collecting the rows would run out of memory (the
 * control case shows it does).
 */
@Timeout(120)
class ExportStreamingTest {
  static final String HEAP = "-Xmx24m";

  /** 400,000 rows of about 260 bytes: about 100 MB of NDJSON, four times the heap. */
  static final long ROWS = 400_000;

  static String query(TestDatabases db) {
    var pad =
        switch (db) {
          case POSTGRESQL -> "repeat(md5(n::text), 7) AS pad";
          case MARIADB -> "REPEAT(MD5(n), 7) AS pad";
          case SQLITE -> "printf('%.224c', 'x') || n AS pad";
          case H2 -> "REPEAT(RAWTOHEX(HASH('MD5', CAST(n AS VARCHAR))), 7) AS pad";
        };
    return db.series(ROWS, pad);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void exportOfResultLargerThanHeapSucceeds(TestDatabases db) throws Exception {
    var out = child("export", db.url(), String.valueOf(db.user()), query(db));
    assertThat(out.exitCode).as(out.output).isZero();
    assertThat(out.output).contains("rows=" + ROWS + " ");
    var bytes = Long.parseLong(out.output.replaceAll("(?s).*bytes=(\\d+).*", "$1"));
    assertThat(bytes).as("bytes exported").isGreaterThan(3L * 24 * 1024 * 1024);
  }

  /** Without streaming the same result does not fit: the test above could fail. */
  @Test
  void collectingTheSameResultRunsOutOfMemory() throws Exception {
    var db = TestDatabases.POSTGRESQL;
    var out = child("collect", db.url(), db.user(), query(db));
    assertThat(out.exitCode).as(out.output).isNotZero();
    assertThat(out.output).contains("OutOfMemoryError");
  }

  record Outcome(int exitCode, String output) {}

  static Outcome child(String... args) throws Exception {
    var command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName()));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM did not end: " + output);
    }
    return new Outcome(process.exitValue(), output);
  }

  /** The child JVM: exports (or, as a control, collects) a query and prints what it did. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      var url = args[1];
      var user = "null".equals(args[2]) ? null : args[2];
      var sql = args[3];
      if (args[0].equals("collect")) {
        // The naive loop: default settings (autocommit on, no fetch size) and a list of rows.
        try (var c = DriverManager.getConnection(url, user, "");
            var rs = c.createStatement().executeQuery(sql)) {
          var rows = new ArrayList<String>();
          while (rs.next()) {
            rows.add(rs.getString(2));
          }
          System.out.println("rows=" + rows.size() + " ");
        }
        return;
      }
      var source = JdbcSource.builder(url).user(user).query(sql).build();
      var result = Export.builder().source(source).sink(new Discard()).build().run();
      var heap = Runtime.getRuntime();
      System.out.println(
          "rows="
              + result.rows()
              + " bytes="
              + result.rawBytes()
              + " heapUsedAtEnd="
              + (heap.totalMemory() - heap.freeMemory()));
    }
  }

  /** Reads everything and keeps nothing. */
  static final class Discard implements Sink {
    @Override
    public String destination() {
      return "discard";
    }

    @Override
    public Receipt write(InputStream data, ContentType contentType) throws IOException {
      return Receipt.of("discard", data.transferTo(OutputStream.nullOutputStream()));
    }
  }
}
