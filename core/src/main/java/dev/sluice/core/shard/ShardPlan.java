package dev.sluice.core.shard;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One export split into N shards that together hold every row exactly once: what each shard reads
 * (its predicate), from which snapshot, and where each goes. A {@link ShardPlanner} makes it; a
 * coordinator can write it as JSON ({@link #toJson()}) for workers that each run one shard ({@link
 * #source}).
 *
 * <p>A plan is immutable and checked when made: the shards are numbered 0 to N-1 in order, a key
 * strategy names its key, a ctid plan is of a PostgreSQL table, a snapshot is PostgreSQL's and
 * comes with {@link Consistency#SNAPSHOT}, and a destination for more than one shard has a {@value
 * ShardPattern#PLACEHOLDER}. Its JSON is refused when it is of another {@linkplain #VERSION
 * version} or was changed after it was written (it carries the SHA-256 of its content).
 *
 * <p>The plan holds no secret: the URL's password is masked, and workers bring their own
 * credentials.
 *
 * @param version the plan format's version, {@link #VERSION}
 * @param url the JDBC URL, any password in it masked
 * @param dialect the database product behind the URL
 * @param query the SQL as given, or null when a table is exported
 * @param table the table as given, or null when a query is exported
 * @param strategy how the rows are split
 * @param key the key column the shards are ranges of, as given ({@link Strategy#KEY}); null
 *     otherwise
 * @param shards the shards, numbered 0 to N-1
 * @param snapshot the PostgreSQL snapshot every shard reads, or null ({@link
 *     Consistency#PER_SHARD})
 * @param consistency which state of the database the shards read
 * @param destination where the shards go, with {@value ShardPattern#PLACEHOLDER} when N > 1; null
 *     when the plan's user decides per shard
 * @param format the encoding of the rows
 * @param formatOptions the CSV settings; the defaults for other formats
 * @param compression the compression of each shard's object
 */
public record ShardPlan(
    int version,
    String url,
    Dialect dialect,
    String query,
    String table,
    Strategy strategy,
    String key,
    List<Shard> shards,
    String snapshot,
    Consistency consistency,
    String destination,
    Format format,
    FormatOptions formatOptions,
    Compression compression) {

  /** The version of the plan format this Sluice writes and reads; a plan of another is refused. */
  public static final int VERSION = 1;

  /**
   * @throws IllegalArgumentException naming the first inconsistency
   */
  public ShardPlan {
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "plan version " + version + " is not " + VERSION + ", the one this Sluice reads");
    }
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    formatOptions = formatOptions == null ? FormatOptions.defaults() : formatOptions;
    shards = List.copyOf(shards);
    if ((query == null) == (table == null)) {
      throw new IllegalArgumentException("a plan has exactly one of query and table");
    }
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("a plan has at least one shard");
    }
    for (int i = 0; i < shards.size(); i++) {
      var s = shards.get(i);
      if (s.index() != i) {
        throw new IllegalArgumentException("shard " + i + " has index " + s.index());
      }
      if (shards.size() > 1 && s.whole()) {
        throw new IllegalArgumentException(
            "shard " + i + " of " + shards.size() + " has no predicate");
      }
    }
    switch (strategy) {
      case KEY -> {
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException("a key plan names its key column");
        }
        if (shards.stream().filter(Shard::nulls).count() != 1) {
          throw new IllegalArgumentException("exactly one shard of a key plan holds the NULL keys");
        }
      }
      case CTID -> {
        if (table == null || dialect != Dialect.POSTGRESQL) {
          throw new IllegalArgumentException("a ctid plan is of a PostgreSQL table");
        }
      }
      case WHOLE -> {
        if (shards.size() != 1) {
          throw new IllegalArgumentException("a whole plan has one shard");
        }
      }
    }
    if (strategy != Strategy.KEY && key != null) {
      throw new IllegalArgumentException("only a key plan names a key column");
    }
    if ((snapshot != null) != (consistency == Consistency.SNAPSHOT)) {
      throw new IllegalArgumentException(
          "a plan has a snapshot if and only if its consistency is "
              + Consistency.SNAPSHOT.jsonName());
    }
    if (snapshot != null && dialect != Dialect.POSTGRESQL) {
      throw new IllegalArgumentException("only PostgreSQL shares a snapshot between connections");
    }
    if (snapshot != null) {
      JdbcSource.builder("jdbc:postgresql:x").table("x").snapshot(snapshot); // checks its shape
    }
    if (destination != null) {
      ShardPattern.of(destination, shards.size());
    }
  }

  /** The number of shards. */
  public int size() {
    return shards.size();
  }

  /** Shard {@code index}. */
  public Shard shard(int index) {
    Objects.checkIndex(index, shards.size());
    return shards.get(index);
  }

  /** The names {@link #destination()} gives the shards. */
  public ShardPattern pattern() {
    if (destination == null) {
      throw new IllegalStateException("the plan has no destination");
    }
    return ShardPattern.of(destination, shards.size());
  }

  /** The sum of the shards' estimates; -1 if any is unknown. */
  public long estimatedRows() {
    long sum = 0;
    for (var s : shards) {
      if (s.estimatedRows() < 0) {
        return -1;
      }
      sum += s.estimatedRows();
    }
    return sum;
  }

  /**
   * A source for shard {@code index} over {@code base}'s connection settings (URL, user, password,
   * fetch size): its query or table limited to the shard's predicate, reading the plan's snapshot.
   */
  public JdbcSource source(JdbcSource base, int index) {
    var shard = shard(index);
    var b = base.toBuilder().where(shard.predicate()).snapshot(snapshot);
    if (query != null) {
      b.query(query).table(null);
    } else {
      b.table(table).query(null);
    }
    return b.build();
  }

  /**
   * A builder for shard {@code index} reading from {@code jdbcUrl} (the plan's {@link #url()}, or
   * the same database's URL with its password): query or table, predicate and snapshot are set; the
   * caller adds the user and password.
   */
  public JdbcSource.Builder sourceBuilder(int index, String jdbcUrl) {
    var b = JdbcSource.builder(jdbcUrl).where(shard(index).predicate()).snapshot(snapshot);
    return query != null ? b.query(query) : b.table(table);
  }

  /** The plan as pretty-printed UTF-8 JSON ending in a newline, with the SHA-256 of its content. */
  public byte[] toJson() {
    return ShardPlanJson.write(this);
  }

  /**
   * Reads a plan written by {@link #toJson()}; does not close {@code in}.
   *
   * @throws IOException if reading fails, or with a one-line message when the document is not a
   *     plan, is of another version, was changed since it was written, or is inconsistent
   */
  public static ShardPlan fromJson(InputStream in) throws IOException {
    return ShardPlanJson.read(in);
  }

  /** {@link #fromJson(InputStream)} of bytes. */
  public static ShardPlan fromJson(byte[] json) throws IOException {
    return ShardPlanJson.read(new java.io.ByteArrayInputStream(json));
  }

  /**
   * The plan for people, one line for the plan and one per shard: what is split how, the snapshot,
   * and each shard's range and estimated rows.
   */
  public String describe() {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d shard%s of %s %s on %s, %s%s; %s%s%n",
            size(),
            size() == 1 ? "" : "s",
            table != null ? "table" : "query",
            table != null ? table : "(" + oneLine(query) + ")",
            url,
            switch (strategy) {
              case KEY -> "by " + key + " quantiles";
              case CTID -> "by ctid block ranges";
              case WHOLE -> "whole";
            },
            estimatedRows() < 0 ? "" : String.format(Locale.ROOT, ", ~%,d rows", estimatedRows()),
            snapshot != null ? "snapshot " + snapshot : "consistency " + consistency.jsonName(),
            destination != null ? ", to " + destination : ""));
    var names = destination != null ? pattern() : null;
    for (var s : shards) {
      var number = names != null ? names.number(s.index()) : String.valueOf(s.index());
      sb.append("  ").append(s.describe(number));
      if (names != null) {
        sb.append("  -> ").append(names.name(s.index()));
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }

  private static String oneLine(String sql) {
    var s = sql.strip().replaceAll("\\s+", " ");
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
