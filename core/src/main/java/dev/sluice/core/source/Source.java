package dev.sluice.core.source;

/**
 * Where rows come from: runs a query and yields rows one at a time through a forward-only cursor,
 * never collecting them. {@link JdbcSource} is the implementation for any JDBC database.
 */
public interface Source {
  /** The source for messages: the JDBC URL without its password, and the query or table. */
  String describe();
}
