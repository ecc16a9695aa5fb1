package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.sink.RawHttpServer;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command exporting to a real HTTP server on loopback, in its own small JVM. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HttpJarIT {
  @TempDir Path dir;

  /**
   * Two million rows (about 460 MB of NDJSON, seven times the heap) as one chunked POST with a 64
   * MiB heap: nothing on the way to the server holds the data set. bench/run-http-bench does the
   * same with five million rows and reports the figures.
   */
  @Test
  void twoMillionRowsPostWithA64MiBHeap() throws Exception {
    try (var server = RawHttpServer.start().discardBodies()) {
      var summary = dir.resolve("summary.json");
      var run =
          Subprocess.jar(
              dir,
              List.of("-Xmx64m"),
              Map.of("PGUSER", "postgres"),
              "export",
              "--from",
              TestDatabases.POSTGRESQL.url(),
              "--query",
              "select n as id, 'customer ' || (n % 9973) as customer, (n % 1000000) / 100.0 as amount,"
                  + " repeat('x', 150) as pad from generate_series(1, 2000000) n",
              "--to",
              server.url("/ingest").toString(),
              "--quiet",
              "--summary-json",
              summary.toString());
      int exit = run.waitFor(2, TimeUnit.MINUTES);

      assertThat(exit).as(run.stderr()).isZero();
      var json = new ObjectMapper().readTree(summary.toFile());
      var request = server.takeRequest();
      assertThat(request.end()).isEqualTo("complete");
      assertThat(json.get("rows").asLong()).isEqualTo(2_000_000);
      assertThat(request.bodyBytes())
          .isEqualTo(json.get("storedBytes").asLong())
          .isGreaterThan(6L * 64 * 1024 * 1024);
      assertThat(json.get("receipt").get("status").asText()).isEqualTo("200");
      // Reported, not asserted: RSS depends on the JVM's code cache, metaspace and GC.
      System.out.printf(
          "sluice export to HTTP, 2,000,000 rows (%,d bytes), -Xmx64m: peak RSS"
              + " %.0f MiB, %,.0f rows/s%n",
          request.bodyBytes(), run.peakRssMib(), json.get("rowsPerSecond").asDouble());
    }
  }
}
