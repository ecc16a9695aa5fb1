package dev.sluice.core;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;
import static dev.sluice.core.ExportException.Reason.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.StdoutSink;
import dev.sluice.core.source.jdbc.JdbcSource;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets one line naming the problem, with the right reason, and never a password; the
 * destination is not touched.
 */
@Timeout(30)
class ExportConfigurationTest {
  static final String SECRET = "hunter2-s3cr3t";

  @TempDir Path dir;

  @Test
  void urlWithoutJdbcPrefixIsAConfigurationError() {
    var e =
        failure(JdbcSource.builder("postgresql://u:" + SECRET + "@127.0.0.1/x").query("SELECT 1"));
    assertThat(e.reason()).isEqualTo(CONFIGURATION);
    assertThat(e.getMessage())
        .isEqualTo(
            "postgresql://u:***@127.0.0.1/x: not a JDBC URL (expected jdbc:postgresql://host/db,"
                + " jdbc:mariadb://host/db, ...)");
  }

  @Test
  void unknownDriverIsAConfigurationError() {
    var e =
        failure(
            JdbcSource.builder("jdbc:nosuchdb://127.0.0.1/x?password=" + SECRET).query("SELECT 1"));
    assertThat(e.reason()).isEqualTo(CONFIGURATION);
    assertThat(e.getMessage())
        .startsWith(
            "jdbc:nosuchdb://127.0.0.1/x?password=***: no JDBC driver accepts this URL (this"
                + " build has ");
  }

  @Test
  void refusedConnectionNamesHostAndPort() {
    var e =
        failure(
            JdbcSource.builder("jdbc:postgresql://127.0.0.1:5999/sluice_test")
                .user("postgres")
                .password(SECRET.toCharArray())
                .query("SELECT 1"));
    assertThat(e.reason()).isEqualTo(SOURCE);
    assertThat(e.getMessage()).isEqualTo("connection refused to 127.0.0.1:5999");
  }

  @Test
  void refusedMariadbConnectionNamesHostAndDefaultPort() {
    var e =
        failure(
            JdbcSource.builder("jdbc:mariadb://127.0.0.1:5998/x?user=root&password=" + SECRET)
                .query("SELECT 1"));
    assertThat(e.reason()).isEqualTo(SOURCE);
    assertThat(e.getMessage()).isEqualTo("connection refused to 127.0.0.1:5998");
  }

  @Test
  void failedLoginNamesUserButNotPassword() {
    var e =
        failure(
            JdbcSource.builder("jdbc:mariadb://127.0.0.1:3306/sluice_test")
                .user("eng_nobody")
                .password(SECRET.toCharArray())
                .query("SELECT 1"));
    assertThat(e.reason()).isEqualTo(SOURCE);
    assertThat(e.getMessage())
        .startsWith(
            "login to jdbc:mariadb://127.0.0.1:3306/sluice_test failed for user eng_nobody: ")
        .contains("Access denied");
  }

  @Test
  void badSqlCarriesTheDatabaseMessageOnOneLine() {
    var e = failure(TestDatabases.POSTGRESQL.source().query("SELECT * FROM eng_no_such_table"));
    assertThat(e.reason()).isEqualTo(SOURCE);
    assertThat(e.getMessage())
        .isEqualTo("query failed: ERROR: relation \"eng_no_such_table\" does not exist");
  }

  @Test
  void badSqlOnMariadb() {
    var e = failure(TestDatabases.MARIADB.source().query("SELEKT 1"));
    assertThat(e.reason()).isEqualTo(SOURCE);
    assertThat(e.getMessage()).startsWith("query failed: ").contains("SQL syntax");
  }

  @Test
  void tableNameIsQuotedNotPasted() {
    var e = failure(TestDatabases.POSTGRESQL.source().table("pg_class; DROP TABLE x"));
    assertThat(e.reason()).isEqualTo(SOURCE);
    assertThat(e.getMessage())
        .isEqualTo("query failed: ERROR: relation \"pg_class; drop table x\" does not exist");
  }

  @Test
  void malformedTableNameIsAConfigurationError() {
    var e = failure(TestDatabases.POSTGRESQL.source().table("\"unterminated"));
    assertThat(e.reason()).isEqualTo(CONFIGURATION);
    assertThat(e.getMessage()).isEqualTo("unterminated quote in table name: \"unterminated");
  }

  @Test
  void missingDirectoryIsAConfigurationErrorBeforeTheQuery() {
    var target = dir.resolve("no/such/dir/out.ndjson");
    var e =
        catchThrowableOfType(
            ExportException.class,
            () ->
                Export.builder()
                    .source(
                        JdbcSource.builder("jdbc:postgresql://127.0.0.1:5999/never_reached")
                            .query("SELECT 1")
                            .build())
                    .sink(FileSink.of(target))
                    .build()
                    .run());
    assertThat(e.reason()).isEqualTo(CONFIGURATION);
    assertThat(e.getMessage())
        .isEqualTo(target + ": cannot write: directory " + target.getParent() + " does not exist");
  }

  @Test
  void directoryAsTargetIsAConfigurationError() {
    var e =
        catchThrowableOfType(
            ExportException.class,
            () ->
                Export.builder()
                    .source(TestDatabases.POSTGRESQL.source().query("SELECT 1").build())
                    .sink(FileSink.of(dir))
                    .build()
                    .run());
    assertThat(e.reason()).isEqualTo(CONFIGURATION);
    assertThat(e.getMessage()).isEqualTo(dir + ": is a directory");
  }

  @Test
  void compressionLevelOutOfRangeIsRejectedByTheBuilder() {
    assertThatThrownBy(
            () ->
                Export.builder()
                    .source(TestDatabases.H2.source().query("SELECT 1").build())
                    .compression(Compression.GZIP)
                    .compressionLevel(12)
                    .sink(new StdoutSink(new ByteArrayOutputStream()))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gzip level not in 1..9: 12");
  }

  @Test
  void sourceDescriptionHidesThePassword() {
    var source =
        JdbcSource.builder(
                "jdbc:postgresql://u:" + SECRET + "@h/db?password=" + SECRET + "&ssl=true")
            .password(SECRET.toCharArray())
            .table("orders")
            .build();
    assertThat(source.describe())
        .isEqualTo("jdbc:postgresql://u:***@h/db?password=***&ssl=true table orders");
    assertThat(source.toString()).doesNotContain(SECRET);
  }

  ExportException failure(JdbcSource.Builder source) {
    var e =
        catchThrowableOfType(
            ExportException.class,
            () ->
                Export.builder()
                    .source(source.build())
                    .sink(FileSink.of(dir.resolve("out.ndjson")))
                    .build()
                    .run());
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n");
    assertThat(dir).isEmptyDirectory();
    return e;
  }
}
