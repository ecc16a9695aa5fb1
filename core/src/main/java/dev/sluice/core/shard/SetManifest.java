package dev.sluice.core.shard;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Proof of what a sharded export wrote, as a whole: every shard's object with its rows, bytes and
 * SHA-256 (those of the shard's own manifest), the snapshot they read, and whether they read one.
 * Stored after every shard has committed, at {@link ShardPattern#setManifestName()}; a set without
 * it did not finish. {@code sluice verify 'part-{shard}.csv'} checks each shard against its
 * manifest and each manifest against this list.
 *
 * @param sluiceVersion the version of Sluice that wrote it
 * @param pattern the destination pattern, with {@value ShardPattern#PLACEHOLDER}
 * @param url the JDBC URL, password masked
 * @param query the query, or null for a table
 * @param table the table, or null for a query
 * @param strategy how the rows were split
 * @param key the key column of a {@link Strategy#KEY} plan, else null
 * @param snapshot the PostgreSQL snapshot every shard read, or null
 * @param consistency whether the shards read one snapshot or each their own
 * @param format the encoding of the rows
 * @param compression the compression of each object
 * @param rows the rows of all shards
 * @param storedBytes the stored bytes of all shards
 * @param started when the set's export started
 * @param finished when its last shard committed
 * @param shards every shard, in order
 */
public record SetManifest(
    String sluiceVersion,
    String pattern,
    String url,
    String query,
    String table,
    Strategy strategy,
    String key,
    String snapshot,
    Consistency consistency,
    Format format,
    Compression compression,
    long rows,
    long storedBytes,
    Instant started,
    Instant finished,
    List<Entry> shards) {

  /** The version of the document's shape; a reader refuses a newer one. */
  public static final int SCHEMA = 1;

  public SetManifest {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(consistency, "consistency");
    shards = List.copyOf(shards);
  }

  /**
   * The set manifest of {@code plan}'s shards, from each shard's own manifest (in shard order):
   * their totals, and when the set started and last committed.
   *
   * @param sharedSnapshot whether every shard read the plan's snapshot; false when some were
   *     resumed from an earlier run, which read an earlier state, so the set shares none
   */
  public static SetManifest of(
      ShardPlan plan, List<Manifest> manifests, Instant started, boolean sharedSnapshot) {
    var entries = new ArrayList<Entry>();
    long rows = 0;
    long stored = 0;
    var finished = started;
    for (int i = 0; i < manifests.size(); i++) {
      var m = manifests.get(i);
      entries.add(
          new Entry(
              i,
              m.destination(),
              plan.shard(i).predicate(),
              m.rows(),
              m.storedBytes(),
              m.sha256Stored()));
      rows += m.rows();
      stored += m.storedBytes();
      finished = m.finished().isAfter(finished) ? m.finished() : finished;
    }
    return new SetManifest(
        Manifest.runningVersion(),
        plan.destination() != null ? plan.destination() : "",
        plan.url(),
        plan.query(),
        plan.table(),
        plan.strategy(),
        plan.key(),
        sharedSnapshot ? plan.snapshot() : null,
        sharedSnapshot ? plan.consistency() : Consistency.PER_SHARD,
        plan.format(),
        plan.compression(),
        rows,
        stored,
        started,
        finished,
        entries);
  }

  /**
   * One shard of the set.
   *
   * @param index its number
   * @param destination where its object is
   * @param predicate the rows it holds, as SQL
   * @param rows its rows
   * @param storedBytes its bytes as stored
   * @param sha256Stored hex SHA-256 of its bytes as stored
   */
  public record Entry(
      int index,
      String destination,
      String predicate,
      long rows,
      long storedBytes,
      String sha256Stored) {
    public Entry {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(sha256Stored, "sha256Stored");
    }
  }

  /** The set manifest as pretty-printed UTF-8 JSON ending in a newline. */
  public byte[] toJson() {
    return SetManifestJson.write(this);
  }

  /**
   * Reads a set manifest; does not close {@code in}.
   *
   * @throws IOException if reading fails, or with one line when the document is not one
   */
  public static SetManifest fromJson(InputStream in) throws IOException {
    return SetManifestJson.read(in);
  }
}
