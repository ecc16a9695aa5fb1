package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.Bottleneck;
import dev.sluice.core.ExportResult;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.FileReceipt;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {
  private static final ExportResult RESULT =
      new ExportResult(
          100_000,
          21_300_000,
          4_100_000,
          Duration.ofMillis(1230),
          new FileReceipt("orders.ndjson.gz", 4_100_000, Path.of("/x")),
          Bottleneck.PRODUCER);

  @Test
  void lineSaysRowsBytesSecondsRateBottleneckAndWhere() {
    assertThat(new Summary(RESULT, Format.NDJSON, Compression.GZIP, 6).line())
        .isEqualTo(
            "100,000 rows, 20.3 MiB raw, 3.9 MiB stored (gzip on "
                + Compression.GZIP.implementation(6)
                + "), 1.23 s, 81,301 rows/s,"
                + " bottleneck: database/encoder -> orders.ndjson.gz");
  }

  @Test
  void lineLeavesOutStoredBytesWhenNotCompressed() {
    assertThat(new Summary(RESULT, Format.CSV, Compression.NONE, 0).line())
        .startsWith("100,000 rows, 20.3 MiB raw, 1.23 s,");
  }

  @Test
  void jsonHoldsTheWholeResult(@TempDir Path dir) throws IOException {
    var file = dir.resolve("summary.json");
    new Summary(RESULT, Format.NDJSON, Compression.ZSTD, 3).writeJson(file);
    var json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("rows").asLong()).isEqualTo(100_000);
    assertThat(json.get("rawBytes").asLong()).isEqualTo(21_300_000);
    assertThat(json.get("storedBytes").asLong()).isEqualTo(4_100_000);
    assertThat(json.get("elapsedSeconds").asDouble()).isEqualTo(1.23);
    assertThat(json.get("bottleneck").asText()).isEqualTo("database/encoder");
    assertThat(json.get("compression").asText()).isEqualTo("zstd");
    assertThat(json.get("compressor").asText()).isEqualTo("zstd-jni");
    assertThat(json.get("receipt").get("path").asText()).isEqualTo("/x");
  }

  @Test
  void jsonHoldsTheEstimateAndItsSource(@TempDir Path dir) throws IOException {
    var file = dir.resolve("summary.json");
    new Summary(RESULT, Format.NDJSON, Compression.NONE, 0, new Estimate(98_765, "EXPLAIN"))
        .writeJson(file);
    var json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("estimatedRows").asLong()).isEqualTo(98_765);
    assertThat(json.get("estimateSource").asText()).isEqualTo("EXPLAIN");
  }

  @Test
  void jsonHasNullEstimateWithoutOne(@TempDir Path dir) throws IOException {
    var file = dir.resolve("summary.json");
    new Summary(RESULT, Format.NDJSON, Compression.NONE, 0).writeJson(file);
    var json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.has("estimatedRows")).isTrue();
    assertThat(json.get("estimatedRows").isNull()).isTrue();
    assertThat(json.get("estimateSource").isNull()).isTrue();
  }
}
