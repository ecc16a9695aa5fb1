package dev.sluice.core.shard;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;
import static dev.sluice.core.ExportException.Reason.SOURCE;

import dev.sluice.core.ExportException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.Identifier;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Splits the export of a {@link JdbcSource} (a query or a table) into N shards of about equal size
 * that together hold every row exactly once, and says so in a {@link ShardPlan}.
 *
 * <p>The strategies, in the order they are chosen:
 *
 * <ol>
 *   <li>{@link Builder#shardBy(String) shardBy(column)}, a numeric, date/time or text column:
 *       ranges between quantiles of its values in a sample ({@link Strategy#KEY}). On PostgreSQL
 *       the sample of a large table is {@code TABLESAMPLE SYSTEM} (whole blocks, read at a small
 *       fraction of a scan's cost) and the quantiles are computed by the server ({@link
 *       PgQuantiles}); a large query is sampled by {@code random()} in the server, which runs it
 *       but sends nothing. MariaDB samples a large table with {@code RAND()}; the others, and a
 *       table whose statistics say it is small, read all the keys in order ({@link
 *       StreamedQuantiles}). Quantiles keep the largest shard near the mean on a skewed key, where
 *       equal strides between the minimum and the maximum do not; a single value that holds more
 *       than 1/N of the rows cannot be split and makes its shard larger.
 *   <li>A PostgreSQL table without a column: block ranges of the table ({@link Strategy#CTID}).
 *   <li>Another table without a column: ranges of the first column of its primary key.
 * </ol>
 *
 * <p>The planner's queries run on the {@link Snapshot}'s connection, so on PostgreSQL the plan is
 * made from the state the shards will read.
 */
public final class ShardPlanner {
  private final JdbcSource source;
  private final int shards;
  private final String shardBy;
  private final String destination;
  private final Format format;
  private final FormatOptions formatOptions;
  private final Compression compression;
  private final long sampleRows;

  private ShardPlanner(Builder b) {
    this.source = b.source;
    this.shards = b.shards;
    this.shardBy = b.shardBy;
    this.destination = b.destination;
    this.format = b.format;
    this.formatOptions = b.formatOptions;
    this.compression = b.compression;
    this.sampleRows = b.sampleRows > 0 ? b.sampleRows : defaultSampleRows(b.shards);
  }

  /** Starts a planner for {@code source}, whose query or table is what the shards split. */
  public static Builder builder(JdbcSource source) {
    return new Builder(source);
  }

  /**
   * The rows a sample aims at: enough that each of N shards gets thousands of sampled rows (the
   * error of a quantile shrinks with the square root of that), at least 200,000, at most 2 million.
   */
  static long defaultSampleRows(int shards) {
    return Math.clamp(20_000L * shards, 200_000L, 2_000_000L);
  }

  /**
   * Plans the shards, reading the database through {@code snapshot}'s connection.
   *
   * @throws ExportException {@code CONFIGURATION} for a key column that does not exist or cannot be
   *     split, a query without a key column, a table without a primary key off PostgreSQL; {@code
   *     SOURCE} when a query of the planner fails
   */
  public ShardPlan plan(Snapshot snapshot) throws ExportException {
    if (!snapshot.isOpen()) {
      throw new IllegalStateException("the snapshot is closed");
    }
    var dialect = source.dialect();
    var c = snapshot.connection();
    var what = source.table().map(t -> "table " + t).orElse("the query");
    try {
      var table = source.table().isPresent() ? tableSql(c) : null;
      var from =
          table != null ? table : "(\n" + stripSemicolons(source.query().orElseThrow()) + "\n) q";
      List<Shard> list;
      Strategy strategy;
      String key = null;
      if (shards == 1) {
        strategy = Strategy.WHOLE;
        list = List.of(new Shard(0, "", null, null, false, -1));
      } else {
        var column = shardBy;
        Stats stats = Stats.NONE;
        if (column == null && table == null) {
          throw new ExportException(
              CONFIGURATION,
              "--shards "
                  + shards
                  + " of a --query needs a column to split it by: --shard-by <column>");
        }
        if (table != null) {
          stats = Stats.of(c, dialect, table, source.table().orElseThrow());
        }
        if (column == null && stats.ctid()) {
          strategy = Strategy.CTID;
          list = CtidRanges.shards(stats.blocks(), stats.rowsPerBlock(), shards);
        } else {
          if (column == null) {
            column = PrimaryKey.firstColumn(c, dialect, source.table().orElseThrow());
          }
          strategy = Strategy.KEY;
          key = column;
          var k = KeyColumn.resolve(c, dialect, from, what, column);
          if (table == null && dialect == Dialect.POSTGRESQL) {
            stats = Stats.ofQuery(c, source.query().orElseThrow());
          }
          list = keyRanges(c, dialect, k, table, from, stats).shards(k, shards);
        }
      }
      return new ShardPlan(
          ShardPlan.VERSION,
          source.url(),
          dialect,
          source.query().orElse(null),
          source.table().orElse(null),
          strategy,
          key,
          list,
          snapshot.id().orElse(null),
          snapshot.consistency(),
          destination,
          format,
          formatOptions,
          compression);
    } catch (SQLException e) {
      throw new ExportException(
          SOURCE,
          "cannot plan "
              + shards
              + " shards of "
              + what
              + " on "
              + source.url()
              + ": "
              + String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " "),
          e);
    }
  }

  private KeyRanges keyRanges(
      Connection c, Dialect dialect, KeyColumn k, String table, String from, Stats stats)
      throws SQLException, ExportException {
    boolean sample = stats.rows() > 2 * sampleRows;
    double fraction = sample ? (double) sampleRows / stats.rows() : 1;
    double scale = 1 / fraction;
    if (dialect == Dialect.POSTGRESQL) {
      String sql;
      if (!sample) {
        sql = "SELECT " + k.sql() + " AS k FROM " + from;
      } else if (table != null && stats.blocks() > 0) {
        // Whole blocks are cheap to read but their rows are alike when the key follows the
        // physical order (a serial id): what bounds a quantile's error is the number of blocks,
        // so read up to sampleRows blocks and keep sampleRows of their rows. REPEATABLE: the same
        // blocks on every run over the same snapshot.
        double blocks = Math.min(1, (double) sampleRows / stats.blocks());
        double rows = Math.min(1, sampleRows / (blocks * stats.rows()));
        scale = 1 / (blocks * rows);
        sql =
            "SELECT "
                + k.sql()
                + " AS k FROM "
                + table
                + " TABLESAMPLE SYSTEM ("
                + percent(blocks)
                + ") REPEATABLE (0)"
                + (rows < 1 ? " WHERE random() < " + rows : "");
      } else {
        sql = "SELECT " + k.sql() + " AS k FROM " + from + " WHERE random() < " + fraction;
      }
      return PgQuantiles.of(c, k, sql, scale, shards);
    }
    // Only MariaDB samples off PostgreSQL; the others read every key, in order.
    boolean sampled = sample && dialect == Dialect.MARIADB;
    var where = sampled ? " WHERE RAND() < " + fraction : "";
    var sql = "SELECT " + k.sql() + " FROM " + from + where + " ORDER BY " + k.sql();
    int kept = (int) Math.min(sampleRows, 200_000);
    return StreamedQuantiles.of(c, dialect, k, sql, sampled ? scale : 1, shards, kept);
  }

  private static String percent(double fraction) {
    return String.format(
        java.util.Locale.ROOT, "%.6f", Math.max(1e-6, Math.min(100, fraction * 100)));
  }

  private String tableSql(Connection c) throws SQLException, ExportException {
    try {
      return Identifier.quote(source.table().orElseThrow(), c.getMetaData());
    } catch (IllegalArgumentException e) {
      throw new ExportException(CONFIGURATION, e.getMessage(), e);
    }
  }

  private static String stripSemicolons(String sql) {
    int end = sql.length();
    while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
      end--;
    }
    return sql.substring(0, end);
  }

  /** Builds a {@link ShardPlanner}. */
  public static final class Builder {
    private final JdbcSource source;
    private int shards = 1;
    private String shardBy;
    private String destination;
    private Format format = Format.NDJSON;
    private FormatOptions formatOptions = FormatOptions.defaults();
    private Compression compression = Compression.NONE;
    private long sampleRows;

    private Builder(JdbcSource source) {
      this.source = Objects.requireNonNull(source, "source");
    }

    /** The number of shards, at least 1. */
    public Builder shards(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("shards < 1: " + n);
      }
      this.shards = n;
      return this;
    }

    /** The column whose value ranges the shards are; null for the table's own strategy. */
    public Builder shardBy(String column) {
      this.shardBy = column;
      return this;
    }

    /** Where the shards go, with {@value ShardPattern#PLACEHOLDER} when there is more than one. */
    public Builder destination(String pattern) {
      this.destination = pattern;
      return this;
    }

    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder formatOptions(FormatOptions options) {
      this.formatOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The rows a key sample aims at (default {@link #defaultSampleRows}: 20,000 per shard, 200,000
     * to 2 million); a source whose statistics say it holds at most twice as many is read whole.
     */
    public Builder sampleRows(long rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("sampleRows < 1: " + rows);
      }
      this.sampleRows = rows;
      return this;
    }

    /**
     * @throws IllegalArgumentException if the destination has no {@value ShardPattern#PLACEHOLDER}
     *     for more than one shard
     */
    public ShardPlanner build() {
      if (destination != null) {
        ShardPattern.of(destination, shards);
      }
      return new ShardPlanner(this);
    }
  }
}
