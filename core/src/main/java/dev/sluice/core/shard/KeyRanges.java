package dev.sluice.core.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * N-1 boundary values of a key, sorted as the database sorts them, and the N shards they make.
 * Shard 0 holds the keys below the first boundary and the NULL keys; shard i the keys from boundary
 * i (inclusive) to boundary i+1 (exclusive); the last shard the keys from the last boundary on.
 * Every value, and NULL, satisfies exactly one of these predicates, whatever the boundaries are, as
 * long as they are sorted: rows equal to a boundary go to the shard above it, and equal boundaries
 * leave an empty shard between them.
 *
 * @param values the boundaries as the database writes them as text, N-1 of them; empty when the
 *     sample found no key that is not NULL (then shard 0 holds every row)
 * @param literals the same values as SQL literals
 * @param estimatedRows the rows each of the N shards is expected to hold, or null when unknown
 */
record KeyRanges(List<String> values, List<String> literals, long[] estimatedRows) {
  KeyRanges {
    values = List.copyOf(values);
    literals = List.copyOf(literals);
    if (values.size() != literals.size()) {
      throw new IllegalArgumentException("values and literals differ in number");
    }
  }

  /** The shards these boundaries make of {@code key}'s values. */
  List<Shard> shards(KeyColumn key, int n) {
    if (!values.isEmpty() && values.size() != n - 1) {
      throw new IllegalArgumentException(values.size() + " boundaries for " + n + " shards");
    }
    var c = key.sql();
    var shards = new ArrayList<Shard>(n);
    for (int i = 0; i < n; i++) {
      long est = estimatedRows == null ? -1 : estimatedRows[i];
      if (values.isEmpty()) {
        shards.add(new Shard(i, i == 0 ? "1=1" : "1=0", null, null, i == 0, est));
        continue;
      }
      String lower = i == 0 ? null : values.get(i - 1);
      String upper = i == n - 1 ? null : values.get(i);
      String predicate;
      if (i == 0) {
        predicate = "(" + c + " < " + literals.get(0) + " OR " + c + " IS NULL)";
      } else if (i == n - 1) {
        predicate = c + " >= " + literals.get(i - 1);
      } else {
        predicate =
            "(" + c + " >= " + literals.get(i - 1) + " AND " + c + " < " + literals.get(i) + ")";
      }
      shards.add(new Shard(i, predicate, lower, upper, i == 0, est));
    }
    return shards;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRanges k
        && values.equals(k.values)
        && literals.equals(k.literals)
        && java.util.Arrays.equals(estimatedRows, k.estimatedRows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, literals, java.util.Arrays.hashCode(estimatedRows));
  }

  @Override
  public String toString() {
    return "KeyRanges" + values;
  }
}
