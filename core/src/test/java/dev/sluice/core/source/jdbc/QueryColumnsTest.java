package dev.sluice.core.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.Column;
import dev.sluice.core.testing.TestDatabases;
import dev.sluice.core.testing.TypedTables;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JdbcSource#columns()}: the columns of a query described without running it are the columns
 * of the query run, on every database, and a query that cannot run fails as it would.
 */
@Timeout(60)
class QueryColumnsTest {
  static final String TABLE = TestDatabases.uniqueName("dryrun_cols");

  @BeforeAll
  static void createTables() throws SQLException {
    for (var db : TestDatabases.values()) {
      TypedTables.create(db, TABLE);
    }
  }

  @AfterAll
  static void dropTables() throws SQLException {
    for (var db : TestDatabases.values()) {
      db.drop(TABLE);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void describedColumnsOfATableAreThoseOfItsExport(TestDatabases db) throws ExportException {
    var source = db.source().table(TABLE).build();
    var described = source.columns();

    assertThat(described).hasSizeGreaterThan(8);
    assertSame(db, described, executed(source));
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void describedColumnsOfAQueryAreThoseOfItsExport(TestDatabases db) throws ExportException {
    var source =
        db.source()
            .query("SELECT id, id + 1 AS next, 'x' AS lit, id AS id FROM " + TABLE + " ORDER BY id")
            .build();
    var described = source.columns();

    assertThat(described.stream().map(Column::name))
        .usingElementComparator(String.CASE_INSENSITIVE_ORDER)
        .containsExactly("id", "next", "lit", "id_2");
    assertSame(db, described, executed(source));
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void anUnknownColumnFailsAsTheExportWould(TestDatabases db) {
    var source = db.source().query("SELECT no_such_column FROM " + TABLE).build();

    var described = catchThrowableOfType(ExportException.class, source::columns);
    var run = catchThrowableOfType(ExportException.class, () -> executed(source));

    assertThat(described).isNotNull();
    assertThat(described.reason()).isEqualTo(run.reason());
    assertThat(withoutConnectionId(described.getMessage()))
        .isEqualTo(withoutConnectionId(run.getMessage()))
        .startsWith("query failed: ");
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void anUnknownTableFailsAsTheExportWould(TestDatabases db) {
    var source = db.source().table(TABLE + "_missing").build();

    var described = catchThrowableOfType(ExportException.class, source::columns);
    var run = catchThrowableOfType(ExportException.class, () -> executed(source));

    assertThat(described).isNotNull();
    assertThat(described.reason()).isEqualTo(run.reason());
    assertThat(withoutConnectionId(described.getMessage()))
        .isEqualTo(withoutConnectionId(run.getMessage()))
        .containsIgnoringCase("_missing");
  }

  /** A query that would take a minute to run is described at once: it is not run. */
  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  @Timeout(20)
  void aSlowQueryIsDescribedWithoutRunningIt(TestDatabases db) throws ExportException {
    var slow =
        switch (db) {
          case POSTGRESQL -> "SELECT pg_sleep(60) AS s, 1 AS one";
          case MARIADB -> "SELECT SLEEP(60) AS s, 1 AS one";
          case SQLITE ->
              "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1e12)"
                  + " SELECT count(*) AS s, 1 AS one FROM r";
          case H2 -> "SELECT SUM(X) AS s, 1 AS one FROM SYSTEM_RANGE(1, 1000000000000)";
        };
    long start = System.nanoTime();

    var described = db.source().query(slow).build().columns();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(described.stream().map(Column::name))
        .usingElementComparator(String.CASE_INSENSITIVE_ORDER)
        .containsExactly("s", "one");
  }

  /** jsonb's ? operator is no parameter: the query is described as the export runs it. */
  @Test
  void postgresQuestionMarkOperatorIsNoParameter() throws ExportException {
    var source =
        TestDatabases.POSTGRESQL
            .source()
            .query("SELECT jb ? 'n' AS has_n, id FROM " + TABLE)
            .build();

    assertThat(source.columns()).isEqualTo(executed(source));
  }

  /** A statement that cannot be a subquery is described by the driver instead. */
  @Test
  void postgresStatementThatCannotBeWrappedIsDescribed() throws ExportException {
    var source = TestDatabases.POSTGRESQL.source().query("SHOW search_path").build();

    assertThat(source.columns()).isEqualTo(executed(source));
  }

  /**
   * The same columns, but for SQLite's type name of a column without a declared type: a run reports
   * the storage class of the first row's value there, which a query not run cannot know. Its output
   * type is {@code dynamic} either way.
   */
  private static void assertSame(TestDatabases db, List<Column> described, List<Column> run) {
    if (db == TestDatabases.SQLITE) {
      assertThat(described)
          .extracting(Column::name, Column::outputType)
          .isEqualTo(
              run.stream()
                  .map(c -> org.assertj.core.groups.Tuple.tuple(c.name(), c.outputType()))
                  .toList());
    } else {
      assertThat(described).isEqualTo(run);
    }
  }

  /** MariaDB's messages name the connection, which differs from one run to the next. */
  private static String withoutConnectionId(String message) {
    return message.replaceFirst("\\(conn=\\d+\\) ", "");
  }

  private static List<Column> executed(JdbcSource source) throws ExportException {
    try (var cursor = source.open()) {
      cursor.execute();
      // Read to the end: a SQLite connection closed with rows left unread keeps its lock.
      while (cursor.rows().next()) {
        // Only the columns matter.
      }
      return cursor.columns();
    }
  }
}
