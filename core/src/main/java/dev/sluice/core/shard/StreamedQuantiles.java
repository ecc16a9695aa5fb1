package dev.sluice.core.shard;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.jdbc.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Key boundaries from the sample's keys streamed in the database's order ({@code ORDER BY key}),
 * for databases without PostgreSQL's ordered-set aggregates. The client never compares keys: it
 * keeps every s-th value of the sorted stream, doubling s whenever it holds {@code 2 * budget}
 * values, so memory stays bounded and what it keeps is an evenly spaced subsequence, whose
 * quantiles are the stream's within s rows.
 */
final class StreamedQuantiles {
  private StreamedQuantiles() {}

  /**
   * @param sql a query yielding the sample's key values, NULLs included, in the key's order
   * @param scale the rows of the whole per row of the sample, for the estimates
   */
  static KeyRanges of(
      Connection c, Dialect dialect, KeyColumn key, String sql, double scale, int n, int budget)
      throws SQLException, ExportException {
    var kept = new ArrayList<String>();
    long stride = 1;
    long nulls = 0;
    long keys = 0;
    try (var s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      s.setFetchSize(dialect == Dialect.MARIADB || dialect == Dialect.H2 ? 10_000 : 1_000);
      try (var rs = s.executeQuery(sql)) {
        while (rs.next()) {
          var v = rs.getString(1);
          if (v == null) {
            nulls++;
            continue;
          }
          if (keys++ % stride == 0) {
            kept.add(v);
            if (kept.size() >= 2 * budget) {
              thin(kept);
              stride *= 2;
            }
          }
        }
      }
    }
    if (kept.isEmpty()) {
      var est = new long[n];
      est[0] = Math.round(nulls * scale);
      return new KeyRanges(List.of(), List.of(), est);
    }
    var values = new ArrayList<String>();
    var literals = new ArrayList<String>();
    var first = new int[n + 1]; // The kept index where each shard's keys start.
    long total = nulls + keys;
    int previous = 0;
    for (int j = 1; j < n; j++) {
      double t = (double) j * total / n;
      int at =
          t <= nulls
              ? 0
              : (int) Math.min(kept.size() - 1, Math.ceil((t - nulls) / keys * kept.size()) - 1);
      at = safe(dialect, key, kept, Math.max(at, previous), j == 1 ? -1 : previous);
      if (at < 0) {
        // Not one key can be written as a literal: one shard holds every row.
        var est = new long[n];
        est[0] = Math.round((nulls + keys) * scale);
        return new KeyRanges(List.of(), List.of(), est);
      }
      previous = at;
      values.add(kept.get(at));
      literals.add(Literal.of(dialect, key.numeric(), kept.get(at)));
      // Keys equal to the boundary belong to the shard above it.
      int start = at;
      while (start > 0 && kept.get(start - 1).equals(kept.get(at))) {
        start--;
      }
      first[j] = start;
    }
    first[n] = kept.size();
    var est = new long[n];
    for (int i = 0; i < n; i++) {
      long rows = Math.max(0, first[i + 1] - first[i]) * stride;
      est[i] = Math.round((rows + (i == 0 ? nulls : 0)) * scale);
    }
    return new KeyRanges(values, literals, est);
  }

  /**
   * The first index from {@code at} on whose value has a safe literal; failing that, for the first
   * boundary ({@code previous} < 0) the last one before it, for the others {@code previous}, the
   * previous boundary (an empty shard between them). -1 when no value has one.
   */
  private static int safe(Dialect dialect, KeyColumn key, List<String> kept, int at, int previous) {
    for (int i = at; i < kept.size(); i++) {
      if (Literal.of(dialect, key.numeric(), kept.get(i)) != null) {
        return i;
      }
    }
    if (previous >= 0) {
      return previous;
    }
    for (int i = Math.min(at, kept.size()) - 1; i >= 0; i--) {
      if (Literal.of(dialect, key.numeric(), kept.get(i)) != null) {
        return i;
      }
    }
    return -1;
  }

  /** Keeps every other value: what remains is still evenly spaced in the stream. */
  private static void thin(ArrayList<String> kept) {
    int w = 0;
    for (int r = 0; r < kept.size(); r += 2) {
      kept.set(w++, kept.get(r));
    }
    kept.subList(w, kept.size()).clear();
  }
}
