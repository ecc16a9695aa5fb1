package dev.sluice.core.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.DuckDb;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Parquet file compared with the database it came from, column by column and row by row: the
 * database answers one SQL expression per column, DuckDB another over the file, and the two texts
 * must be equal by the column's rule (exact text, the same decimal, the same float, the same JSON).
 * DuckDB's type for each column is checked too.
 */
final class ReadBack {
  /** How two texts of one value are compared. */
  enum Same {
    TEXT,
    DECIMAL,
    FLOAT,
    JSON
  }

  /**
   * A column to compare.
   *
   * @param name the column's name in the file
   * @param db the database's expression for the value's text
   * @param duck DuckDB's expression for it
   * @param duckType the type DuckDB reads the column as
   * @param same how the texts are compared
   */
  record Col(String name, String db, String duck, String duckType, Same same) {}

  static Col col(String name, String duckType) {
    return new Col(name, name, name + "::VARCHAR", duckType, Same.TEXT);
  }

  static Col col(String name, String db, String duck, String duckType, Same same) {
    return new Col(name, db, duck, duckType, same);
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private ReadBack() {}

  /** Compares {@code file} with {@code table} ordered by {@code id}. */
  static void check(Connection c, String table, Path file, List<Col> cols) throws Exception {
    var f = "read_parquet(" + DuckDb.literal(file) + ")";
    var types = DuckDb.rows("DESCRIBE SELECT * FROM " + f);
    for (var col : cols) {
      var t =
          types.stream()
              .filter(r -> r.get("column_name").asText().equalsIgnoreCase(col.name()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no column " + col.name() + " in " + types));
      assertThat(t.get("column_type").asText()).as(col.name()).isEqualTo(col.duckType());
    }
    var dbRows = new ArrayList<List<String>>();
    var sql = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(cols.get(i).db());
    }
    try (var st = c.createStatement();
        var rs = st.executeQuery(sql + " FROM " + table + " ORDER BY id")) {
      while (rs.next()) {
        var row = new ArrayList<String>();
        for (int i = 1; i <= cols.size(); i++) {
          row.add(rs.getString(i));
        }
        dbRows.add(row);
      }
    }
    var duck = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      duck.append(i == 0 ? "" : ", ").append(cols.get(i).duck()).append(" AS c").append(i);
    }
    var duckRows = DuckDb.rows(duck + " FROM " + f + " ORDER BY id");
    assertThat(duckRows).hasSize(dbRows.size());
    for (int r = 0; r < dbRows.size(); r++) {
      for (int i = 0; i < cols.size(); i++) {
        var node = duckRows.get(r).get("c" + i);
        String got = node == null || node.isNull() ? null : node.asText();
        String want = dbRows.get(r).get(i);
        var col = cols.get(i);
        assertThat(same(col.same(), want, got))
            .as("row %d, column %s: database %s, DuckDB %s", r, col.name(), want, got)
            .isTrue();
      }
    }
  }

  private static boolean same(Same how, String want, String got) throws Exception {
    if (want == null || got == null) {
      return want == got;
    }
    return switch (how) {
      case TEXT -> want.equals(got);
      case DECIMAL -> new BigDecimal(want).compareTo(new BigDecimal(got)) == 0;
      case FLOAT -> Double.compare(number(want), number(got)) == 0;
      case JSON -> MAPPER.readTree(want).equals(ReadBack::compare, MAPPER.readTree(got));
    };
  }

  /** JSON nodes equal, numbers by value: 1.5 and 1.500 are one number. */
  private static int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  private static double number(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "inf", "infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}
