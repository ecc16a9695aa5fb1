package dev.sluice.cli;

import java.util.Optional;

/**
 * Tells how many rows an export will read, when the source can say so without reading them: the
 * planner's statistics, never a scan. The progress display asks it once, on a thread of its own
 * ({@link PendingEstimate#start(Estimator)}), so a slow or failing estimator never delays or fails
 * the export: the display stays a counter until an estimate arrives, and for good without one.
 *
 * <p>{@link JdbcEstimator} asks the database over a short connection of its own.
 */
@FunctionalInterface
interface Estimator {
  /** An estimator that never knows. */
  Estimator NONE = Optional::empty;

  /**
   * The estimate, or empty when the source cannot tell. Should give up within a few seconds (the
   * caller waits for it no longer than {@link PendingEstimate#BUDGET}); may throw anything, which
   * the caller takes as "no estimate".
   */
  Optional<Estimate> estimate() throws Exception;

  /**
   * The estimator for an export of {@code table} or {@code query} (one of them null) from {@code
   * url}: the demo database's own row count for its {@code orders} table when {@code demo} is not
   * null, the database's statistics otherwise.
   */
  static Estimator of(
      String url, Credentials credentials, String table, String query, DemoDatabase demo) {
    if (demo != null) {
      return () ->
          table != null && table.strip().equalsIgnoreCase("orders") && demo.rows() > 0
              ? Optional.of(new Estimate(demo.rows(), "demo"))
              : Optional.empty();
    }
    return new JdbcEstimator(url, credentials, table, query);
  }
}
