package dev.sluice.core.source;

import java.util.Objects;

/**
 * A query against a JDBC database, streamed. STUB: the engine issue fills in the cursor; the
 * builder's shape is the public API.
 */
public final class JdbcSource implements Source {
  private final String url;
  private final String query;
  private final String table;
  private final String user;
  private final char[] password;
  private final int fetchSize;

  private JdbcSource(Builder b) {
    this.url = b.url;
    this.query = b.query;
    this.table = b.table;
    this.user = b.user;
    this.password = b.password;
    this.fetchSize = b.fetchSize;
  }

  /** Starts a source for the JDBC URL {@code url}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  @Override
  public String describe() {
    return url + " " + (query != null ? "query" : "table " + table);
  }

  /** Builds a {@link JdbcSource}. Exactly one of {@link #query} and {@link #table} must be set. */
  public static final class Builder {
    private final String url;
    private String query;
    private String table;
    private String user;
    private char[] password;
    private int fetchSize = 10_000;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** The SQL to run, as written. */
    public Builder query(String sql) {
      this.query = sql;
      return this;
    }

    /** A table (optionally {@code schema.table}) to export whole; quoted, never pasted into SQL. */
    public Builder table(String name) {
      this.table = name;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The password; kept out of every message and {@code toString}. */
    public Builder password(char[] password) {
      this.password = password == null ? null : password.clone();
      return this;
    }

    /** Rows per round trip for drivers that stream with a fetch size. */
    public Builder fetchSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("fetchSize < 1: " + rows);
      }
      this.fetchSize = rows;
      return this;
    }

    public JdbcSource build() {
      if ((query == null) == (table == null)) {
        throw new IllegalArgumentException("exactly one of query and table must be set");
      }
      return new JdbcSource(this);
    }
  }
}
