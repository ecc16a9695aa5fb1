package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.testing.TestDatabases;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Row estimates from the real PostgreSQL and MariaDB statistics. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcEstimatorTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final TestDatabases MARIADB = TestDatabases.MARIADB;
  private static final String ANALYZED = TestDatabases.uniqueName("cli_estimate_analyzed");
  private static final String FRESH = TestDatabases.uniqueName("cli_estimate_fresh");
  private static final String MARIA = TestDatabases.uniqueName("cli_estimate_maria");

  @BeforeAll
  static void createTables() throws SQLException {
    PG.createOrders(ANALYZED, 5_000);
    PG.execute("ANALYZE " + ANALYZED);
    // Autovacuum may analyze a table at any time; one that never had rows keeps reltuples < 1.
    PG.execute("DROP TABLE IF EXISTS " + FRESH, "CREATE TABLE " + FRESH + " (id bigint)");
    MARIADB.createOrders(MARIA, 3_000);
    MARIADB.execute("ANALYZE TABLE " + MARIA);
  }

  @AfterAll
  static void dropTables() throws SQLException {
    PG.drop(ANALYZED);
    PG.drop(FRESH);
    MARIADB.drop(MARIA);
  }

  private static Optional<Estimate> estimate(TestDatabases db, String table, String query)
      throws Exception {
    return new JdbcEstimator(db.url(), new Credentials(db.user(), null), table, query).estimate();
  }

  @Test
  void postgresTableEstimateIsReltuples() throws Exception {
    assertThat(estimate(PG, ANALYZED, null)).contains(new Estimate(5_000, "pg_class.reltuples"));
  }

  @Test
  void postgresTableNameIsReadAsTheExportReadsIt() throws Exception {
    assertThat(estimate(PG, "public." + ANALYZED.toUpperCase(), null))
        .contains(new Estimate(5_000, "pg_class.reltuples"));
    assertThat(estimate(PG, "\"" + ANALYZED.toUpperCase() + "\"", null)).isEmpty();
  }

  @Test
  void postgresQueryEstimateIsThePlannersRows() throws Exception {
    var all = estimate(PG, null, "SELECT * FROM " + ANALYZED + ";");
    assertThat(all).contains(new Estimate(5_000, "EXPLAIN"));
    var limited = estimate(PG, null, "SELECT id FROM " + ANALYZED + " ORDER BY id LIMIT 7");
    assertThat(limited).contains(new Estimate(7, "EXPLAIN"));
  }

  @Test
  void postgresTableNeverAnalyzedFallsBackToThePlannersGuess() throws Exception {
    // No statistics: the planner guesses from the table's size, never below one row.
    assertThat(estimate(PG, FRESH, null))
        .hasValueSatisfying(
            e -> {
              assertThat(e.source()).isEqualTo("EXPLAIN");
              assertThat(e.rows()).isPositive();
            });
  }

  @Test
  void postgresQueryIsPlannedInAReadOnlyTransactionNeverRun() throws Exception {
    var victim = TestDatabases.uniqueName("cli_estimate_victim");
    PG.execute(
        "DROP TABLE IF EXISTS " + victim,
        "CREATE TABLE " + victim + " (id int)",
        "INSERT INTO " + victim + " VALUES (1)");
    try {
      try {
        estimate(PG, null, "SELECT 1; DROP TABLE " + victim);
      } catch (SQLException expected) {
        // A read-only transaction refuses the DROP; either way the table stays.
      }
      try (var c = PG.connect();
          var s = c.createStatement();
          var rows = s.executeQuery("SELECT count(*) FROM " + victim)) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(1);
      }
    } finally {
      PG.drop(victim);
    }
  }

  @Test
  void missingTableHasNoEstimate() throws Exception {
    assertThat(estimate(PG, "no_such_table_here", null)).isEmpty();
    assertThat(estimate(MARIADB, "no_such_table_here", null)).isEmpty();
  }

  @Test
  void mariadbTableEstimateIsTheTableStatistics() throws Exception {
    // InnoDB's table_rows is itself an estimate from sampled pages.
    assertThat(estimate(MARIADB, MARIA, null))
        .hasValueSatisfying(
            e -> {
              assertThat(e.source()).isEqualTo("information_schema.tables");
              assertThat(e.rows()).isBetween(1_500L, 6_000L);
            });
    assertThat(estimate(MARIADB, "sluice_test." + MARIA, null)).isPresent();
    assertThat(estimate(MARIADB, "other_schema." + MARIA, null)).isEmpty();
  }

  @Test
  void mariadbQueryAndOtherDatabasesHaveNone() throws Exception {
    assertThat(estimate(MARIADB, null, "SELECT * FROM " + MARIA)).isEmpty();
    assertThat(estimate(TestDatabases.SQLITE, "orders", null)).isEmpty();
    assertThat(estimate(TestDatabases.H2, "orders", null)).isEmpty();
  }

  @Test
  void unreachableDatabaseFailsWithinTheConnectTimeout() {
    var estimator =
        new JdbcEstimator(
            "jdbc:postgresql://127.0.0.1:1/x", new Credentials("postgres", null), "t", null);
    long start = System.nanoTime();
    assertThatThrownBy(estimator::estimate).isInstanceOf(SQLException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aFailingEstimatorIsNoEstimateAndASlowOneIsNotAwaitedPastTheBudget() {
    assertThat(
            PendingEstimate.start(
                    () -> {
                      throw new SQLException("boom");
                    })
                .await())
        .isEmpty();
    long start = System.nanoTime();
    var slow =
        PendingEstimate.start(
            () -> {
              Thread.sleep(10_000);
              return Optional.of(new Estimate(1, "slow"));
            });
    assertThat(slow.now()).isNull();
    assertThat(slow.await()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(PendingEstimate.BUDGET.plusMillis(500));
  }

  @Test
  void planRowsIsTheTopNodes() throws Exception {
    var json =
        """
        [{"Plan": {"Node Type": "Limit", "Plans": [{"Node Type": "Seq Scan", "Plan Rows": 900}],
          "Plan Rows": 12}}]""";
    assertThat(JdbcEstimator.planRows(json)).isEqualTo(12);
    assertThat(JdbcEstimator.planRows("[]")).isEqualTo(-1);
  }

  @Test
  void namePartsSplitOnDotsOutsideQuotes() {
    assertThat(JdbcEstimator.nameParts("orders")).isEqualTo(List.of("orders"));
    assertThat(JdbcEstimator.nameParts("shop.Orders")).isEqualTo(List.of("shop", "Orders"));
    assertThat(JdbcEstimator.nameParts("\"a.b\".\"c\"\"d\"")).isEqualTo(List.of("a.b", "c\"d"));
  }
}
