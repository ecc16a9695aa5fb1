package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.CsvDialect;
import dev.sluice.core.source.Cursor;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.Source;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An export tells its cursor, before the query runs, the CSV it writes, and only for CSV; the
 * producer that reads the rows runs on a platform thread.
 */
@Timeout(60)
class ExportCsvHintTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = Format.class,
      names = {"NDJSON", "CSV", "JSON"})
  void theCursorHearsTheCsvDialectBeforeItExecutes(Format format) throws Exception {
    var options = FormatOptions.builder().csvDelimiter(';').csvNull("NULL").build();
    var events = new ArrayList<String>();
    var source = new Recording(TestDatabases.POSTGRESQL.source().query("SELECT 1 AS a").build());
    source.events = events;
    Export.builder()
        .source(source)
        .format(format)
        .formatOptions(options)
        .sink(FileSink.of(dir.resolve("out")))
        .build()
        .run();

    assertThat(events)
        .containsExactlyElementsOf(
            format == Format.CSV
                ? List.of("csv ;NULL", "execute", "rows on a platform thread")
                : List.of("execute", "rows on a platform thread"));
    assertThat(Files.readString(dir.resolve("out"))).contains("1");
  }

  /** A source whose cursors log what the export asks of them. */
  private static final class Recording implements Source {
    private final Source source;
    List<String> events;

    Recording(Source source) {
      this.source = source;
    }

    @Override
    public String describe() {
      return source.describe();
    }

    @Override
    public Cursor open() throws ExportException {
      var cursor = source.open();
      return new Cursor() {
        @Override
        public void csv(CsvDialect dialect) {
          events.add("csv " + dialect.delimiter() + dialect.nullText());
          cursor.csv(dialect);
        }

        @Override
        public void execute() throws ExportException {
          events.add("execute");
          cursor.execute();
        }

        @Override
        public Rows rows() {
          events.add(
              "rows on a "
                  + (Thread.currentThread().isVirtual() ? "virtual" : "platform")
                  + " thread");
          return cursor.rows();
        }

        @Override
        public List<Column> columns() {
          return cursor.columns();
        }

        @Override
        public void cancel() {
          cursor.cancel();
        }

        @Override
        public void close() {
          cursor.close();
        }
      };
    }
  }
}
