package dev.sluice.core.shard;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;

/**
 * Key boundaries computed inside PostgreSQL, in one statement: the sample is materialised once,
 * {@code percentile_disc} picks the boundaries in the key's own order (its type's comparison and
 * its column's collation), and {@code width_bucket} counts the sample's rows per shard for the
 * estimates. No key value travels to the client but the N-1 boundaries.
 *
 * <p>NULL keys count as smaller than every value: they belong to shard 0, so the boundaries are
 * placed as if they came first in the order.
 */
final class PgQuantiles {
  private PgQuantiles() {}

  /**
   * @param sample SQL yielding one column {@code k}, the key values of the sample
   * @param scale the rows of the whole per row of the sample, for the estimates
   */
  static KeyRanges of(Connection c, KeyColumn key, String sample, double scale, int n)
      throws SQLException, ExportException {
    var sql =
        "WITH s AS MATERIALIZED ("
            + sample
            + "),\n"
            + "c AS (SELECT count(*) AS n, count(k) AS nn FROM s),\n"
            + "f AS (SELECT array_agg(CASE WHEN c.nn = 0 THEN 0::float8 ELSE greatest(0::float8,"
            + " least(1::float8, (j * c.n::float8 / "
            + n
            + " - (c.n - c.nn)) / c.nn)) END ORDER BY j) AS fr FROM c, generate_series(1, "
            + (n - 1)
            + ") AS j),\n"
            + "b AS (SELECT percentile_disc((SELECT fr FROM f)) WITHIN GROUP (ORDER BY k) AS th"
            + " FROM s)\n"
            + "SELECT c.n, c.nn, b.th::text[],"
            + " (SELECT array_agg(x.w || ':' || x.cnt) FROM (SELECT width_bucket(s.k, b.th) AS w,"
            + " count(*) AS cnt FROM s WHERE s.k IS NOT NULL GROUP BY 1) x)\n"
            + "FROM c, b";
    try (var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      long rows = rs.getLong(1);
      long keys = rs.getLong(2);
      var est = new long[n];
      est[0] = Math.round((rows - keys) * scale);
      var values = new ArrayList<String>();
      var literals = new ArrayList<String>();
      if (keys > 0) {
        for (var v : (Object[]) rs.getArray(3).getArray()) {
          var text = (String) v;
          var literal = Literal.of(Dialect.POSTGRESQL, key.numeric(), text);
          if (literal == null) {
            throw new ExportException(
                CONFIGURATION,
                "--shard-by " + key.given() + ": a key value cannot be written in SQL: " + text);
          }
          values.add(text);
          literals.add(literal);
        }
        var buckets = rs.getArray(4);
        if (buckets != null) {
          for (var b : (Object[]) buckets.getArray()) {
            var parts = ((String) b).split(":");
            int w = Integer.parseInt(parts[0]);
            est[w] += Math.round(Long.parseLong(parts[1]) * scale);
          }
        }
      }
      return new KeyRanges(values, literals, est);
    }
  }
}
