package dev.sluice.core.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.DuckDb;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Parquet is written with no Hadoop at run time: no jar of it, no class of it loaded. */
@Timeout(180)
class ParquetRuntimeTest {
  @TempDir Path dir;

  @Test
  void parquetIsWrittenWithoutAnyHadoopClass() throws Exception {
    var classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !e.contains("/org/apache/hadoop/"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(System.getProperty("java.class.path")).contains("hadoop-client-api");
    var log = dir.resolve("classes.log");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var p =
        new ProcessBuilder(
                java,
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                classPath,
                NoHadoop.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();

    var loaded = Files.readAllLines(log);
    assertThat(loaded).anyMatch(l -> l.contains("org.apache.parquet.hadoop.ParquetFileWriter"));
    assertThat(loaded).noneMatch(l -> l.contains(" org.apache.hadoop."));
    for (var codec : ParquetCodec.values()) {
      var f = dir.resolve(codec.label() + ".parquet");
      var sum =
          DuckDb.rows("SELECT sum(id)::VARCHAR AS s FROM read_parquet(" + DuckDb.literal(f) + ")");
      assertThat(sum.get(0).get("s").asText()).isEqualTo("50005000");
    }
  }
}
