package dev.sluice.core.format.parquet;

import dev.sluice.core.Export;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.nio.file.Path;

/**
 * Exports a query to Parquet with every codec, in a JVM whose class path has no Hadoop jar: run by
 * {@link ParquetRuntimeTest}. Arguments: the folder to write into.
 */
public final class NoHadoop {
  private NoHadoop() {}

  public static void main(String[] args) throws Exception {
    var dir = Path.of(args[0]);
    for (var codec : ParquetCodec.values()) {
      Export.builder()
          .source(
              JdbcSource.builder("jdbc:h2:mem:nohadoop")
                  .query(
                      "SELECT X AS id, CAST(X AS VARCHAR) AS s, CAST(X AS NUMERIC(12,2)) AS n,"
                          + " TIMESTAMP WITH TIME ZONE '2024-01-02 03:04:05+00' AS ts,"
                          + " ARRAY[X, NULL] AS a FROM SYSTEM_RANGE(1, 10000)")
                  .build())
          .format(Format.PARQUET)
          .formatOptions(
              FormatOptions.builder().parquet(ParquetOptions.defaults().withCodec(codec)).build())
          .sink(FileSink.of(dir.resolve(codec.label() + ".parquet")))
          .build()
          .run();
    }
  }
}
