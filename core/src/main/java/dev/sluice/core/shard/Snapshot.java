package dev.sluice.core.shard;

import static dev.sluice.core.ExportException.Reason.SOURCE;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of the database that every shard of an export reads, held open on a connection of its
 * own until {@link #close()}.
 *
 * <p>On PostgreSQL, {@link #open} begins a REPEATABLE READ, read-only transaction and exports its
 * snapshot ({@code pg_export_snapshot()}); a shard's connection reads it with {@code SET
 * TRANSACTION SNAPSHOT} ({@link JdbcSource.Builder#snapshot}). The snapshot exists only while this
 * transaction is open, so the coordinator keeps it until every shard has <em>started</em> its query
 * (as {@code pg_dump --jobs} does); closing it earlier makes a shard that has not started fail with
 * "invalid snapshot identifier". While it is open, VACUUM cannot remove row versions the snapshot
 * can see.
 *
 * <p>Other databases cannot share a snapshot between connections: {@link #id()} is empty and {@link
 * #consistency()} is {@link Consistency#PER_SHARD}. The connection is still opened, for the {@link
 * ShardPlanner} to sample keys on.
 *
 * <p>Safe to close from any thread, more than once.
 */
public final class Snapshot implements AutoCloseable {
  private final Connection connection;
  private final Dialect dialect;
  private final String id;
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by lock. */
  private boolean closed;

  private Snapshot(Connection connection, Dialect dialect, String id) {
    this.connection = connection;
    this.dialect = dialect;
    this.id = id;
  }

  /**
   * Connects to {@code source}'s database and, on PostgreSQL, begins the transaction whose snapshot
   * the shards read.
   *
   * @throws ExportException {@code SOURCE} if the database cannot be reached or refuses; {@code
   *     CONFIGURATION} for a bad URL
   */
  public static Snapshot open(JdbcSource source) throws ExportException {
    var dialect = source.dialect();
    var c = source.connect();
    try {
      if (dialect != Dialect.POSTGRESQL) {
        return new Snapshot(c, dialect, null);
      }
      c.setAutoCommit(false);
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (var s = c.createStatement();
          var rs = s.executeQuery("SELECT pg_export_snapshot()")) {
        rs.next();
        return new Snapshot(c, dialect, rs.getString(1));
      }
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new ExportException(
          SOURCE,
          source.url() + ": cannot export a snapshot (pg_export_snapshot): " + e.getMessage(),
          e);
    }
  }

  /** The snapshot's id, for {@code SET TRANSACTION SNAPSHOT}; empty off PostgreSQL. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** Whether the shards read one snapshot or each their own. */
  public Consistency consistency() {
    return id != null ? Consistency.SNAPSHOT : Consistency.PER_SHARD;
  }

  /** The database product. */
  public Dialect dialect() {
    return dialect;
  }

  /** The connection holding the snapshot, for the planner's queries, which then read it too. */
  Connection connection() {
    return connection;
  }

  /** Whether the snapshot is still held. */
  public boolean isOpen() {
    lock.lock();
    try {
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the transaction (the snapshot can no longer be joined) and closes the connection. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      // A read-only transaction has nothing to lose; the close below ends it.
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // The connection is gone either way.
    }
  }

  @Override
  public String toString() {
    return id != null ? "Snapshot[" + id + "]" : "Snapshot[per shard]";
  }
}
