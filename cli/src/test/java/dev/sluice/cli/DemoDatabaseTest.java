package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoDatabaseTest {
  @Test
  void ordersHasTheRowCountAsked() throws SQLException {
    try (var demo = DemoDatabase.open(1234);
        var c = DriverManager.getConnection(demo.url());
        var rs =
            c.createStatement().executeQuery("select count(*), min(id), max(id) from orders")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1234);
      assertThat(rs.getLong(2)).isEqualTo(1);
      assertThat(rs.getLong(3)).isEqualTo(1234);
    }
  }

  @Test
  void ordersHasRealisticTypes() throws SQLException {
    try (var demo = DemoDatabase.open(10);
        var c = DriverManager.getConnection(demo.url());
        var rs = c.createStatement().executeQuery("select * from orders")) {
      var meta = rs.getMetaData();
      var columns = new ArrayList<String>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i) + ":" + meta.getColumnType(i));
      }
      assertThat(columns)
          .containsExactly(
              "id:" + Types.BIGINT,
              "customer:" + Types.VARCHAR,
              "email:" + Types.VARCHAR,
              "created_at:" + Types.TIMESTAMP_WITH_TIMEZONE,
              "amount:" + Types.DECIMAL,
              "currency:" + Types.CHAR,
              "status:" + Types.VARCHAR,
              "paid:" + Types.BOOLEAN,
              "items:" + Types.INTEGER,
              "tags:" + Types.ARRAY,
              "shipped_on:" + Types.DATE,
              "note:" + Types.VARCHAR);
      assertThat(meta.getScale(5)).isEqualTo(2);
      assertThat(meta.getPrecision(5)).isEqualTo(12);
    }
  }

  @Test
  void ordersIsTheSameForTheSameRowCount() throws SQLException {
    try (var a = DemoDatabase.open(500);
        var b = DemoDatabase.open(500)) {
      assertThat(rows(a)).isEqualTo(rows(b)).hasSize(500);
    }
  }

  @Test
  void ordersVariesLikeRealData() throws SQLException {
    try (var demo = DemoDatabase.open(1000);
        var c = DriverManager.getConnection(demo.url());
        var rs =
            c.createStatement()
                .executeQuery(
                    """
            select count(distinct customer), count(distinct status), count(note),
                   count(shipped_on), min(amount), max(amount), count(distinct currency),
                   sum(case when cardinality(tags) = 0 then 1 else 0 end)
            from orders""")) {
      rs.next();
      assertThat(rs.getInt(1)).isGreaterThan(50);
      assertThat(rs.getInt(2)).isEqualTo(5);
      assertThat(rs.getInt(3)).isBetween(1, 999);
      assertThat(rs.getInt(4)).isBetween(1, 999);
      assertThat(rs.getBigDecimal(5)).isGreaterThanOrEqualTo(new BigDecimal("0.01"));
      assertThat(rs.getBigDecimal(6)).isLessThanOrEqualTo(new BigDecimal("9999.99"));
      assertThat(rs.getInt(7)).isEqualTo(4);
      assertThat(rs.getInt(8)).isBetween(1, 999);
    }
  }

  @Test
  void createdAtCarriesOffsets() throws SQLException {
    try (var demo = DemoDatabase.open(8);
        var c = DriverManager.getConnection(demo.url());
        var rs = c.createStatement().executeQuery("select created_at from orders")) {
      var offsets = new ArrayList<Integer>();
      while (rs.next()) {
        offsets.add(rs.getObject(1, OffsetDateTime.class).getOffset().getTotalSeconds());
      }
      assertThat(offsets.stream().distinct().count()).isGreaterThan(1);
    }
  }

  @Test
  void ordersCostsNoMemoryAtAnySize() throws SQLException {
    // A view over SYSTEM_RANGE: a billion rows are defined without being stored.
    try (var demo = DemoDatabase.open(1_000_000_000L);
        var c = DriverManager.getConnection(demo.url());
        var rs = c.createStatement().executeQuery("select * from orders fetch first 3 rows only")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong("id")).isEqualTo(1);
    }
  }

  @Test
  void negativeRowCountIsRefused() {
    assertThatThrownBy(() -> DemoDatabase.open(-1)).hasMessage("rows < 0: -1");
  }

  @Test
  void closeDropsTheDatabase() throws SQLException {
    var demo = DemoDatabase.open(1);
    demo.close();
    try (var c = DriverManager.getConnection(demo.url() + ";IFEXISTS=TRUE")) {
      c.createStatement().executeQuery("select 1 from orders");
    } catch (SQLException expected) {
      assertThat(expected.getMessage()).containsAnyOf("not found", "does not exist");
      return;
    }
    throw new AssertionError("orders still exists after close");
  }

  private static List<String> rows(DemoDatabase demo) throws SQLException {
    var rows = new ArrayList<String>();
    try (var c = DriverManager.getConnection(demo.url());
        ResultSet rs = c.createStatement().executeQuery("select * from orders order by id")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        var row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
