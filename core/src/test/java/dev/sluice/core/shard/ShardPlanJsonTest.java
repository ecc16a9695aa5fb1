package dev.sluice.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.jdbc.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlanJsonTest {
  static ShardPlan keyPlan() {
    return new ShardPlan(
        ShardPlan.VERSION,
        "jdbc:postgresql://db/shop",
        Dialect.POSTGRESQL,
        null,
        "orders",
        Strategy.KEY,
        "id",
        List.of(
            new Shard(0, "(\"id\" < 10 OR \"id\" IS NULL)", null, "10", true, 12),
            new Shard(1, "(\"id\" >= 10 AND \"id\" < E'it''s')", "10", "it's", false, 9),
            new Shard(2, "\"id\" >= E'it''s'", "it's", null, false, -1)),
        "00000003-0000001B-1",
        Consistency.SNAPSHOT,
        "s3://b/orders/part-{shard}.csv.gz",
        Format.CSV,
        FormatOptions.builder().csvDelimiter(';').build(),
        Compression.GZIP);
  }

  private static String json(ShardPlan p) {
    return new String(p.toJson(), StandardCharsets.UTF_8);
  }

  @Test
  void planSurvivesJsonUnchanged() throws IOException {
    var plan = keyPlan();
    assertEquals(plan, ShardPlan.fromJson(plan.toJson()));
  }

  @Test
  void planOfQueryWithoutSnapshotSurvivesJson() throws IOException {
    var plan =
        new ShardPlan(
            ShardPlan.VERSION,
            "jdbc:mariadb://db/shop",
            Dialect.MARIADB,
            "SELECT * FROM t",
            null,
            Strategy.WHOLE,
            null,
            List.of(new Shard(0, "", null, null, false, -1)),
            null,
            Consistency.PER_SHARD,
            "out.ndjson",
            Format.NDJSON,
            null,
            Compression.NONE);
    assertEquals(plan, ShardPlan.fromJson(plan.toJson()));
  }

  @Test
  void parquetPlanKeepsItsRowGroupsAndCodec() throws IOException {
    var p = keyPlan();
    var parquet =
        dev.sluice.core.format.parquet.ParquetOptions.defaults()
            .withCodec(dev.sluice.core.format.parquet.ParquetCodec.GZIP)
            .withRowGroupRows(5000);
    var plan =
        new ShardPlan(
            p.version(),
            p.url(),
            p.dialect(),
            p.query(),
            p.table(),
            p.strategy(),
            p.key(),
            p.shards(),
            p.snapshot(),
            p.consistency(),
            "s3://b/o/part-{shard}.parquet",
            Format.PARQUET,
            FormatOptions.builder().parquet(parquet).build(),
            Compression.NONE);
    var read = ShardPlan.fromJson(plan.toJson());
    assertEquals(plan, read);
    assertEquals(5000, read.formatOptions().parquet().rowGroupRows());
  }

  @Test
  void editedPredicateIsRefused() {
    var edited = json(keyPlan()).replace("\\\"id\\\" < 10", "\\\"id\\\" < 11");
    var e =
        assertThrows(
            IOException.class, () -> ShardPlan.fromJson(edited.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("changed after it was written"), e.getMessage());
  }

  @Test
  void otherVersionIsRefused() {
    var other = json(keyPlan()).replace("\"plan\" : 1,", "\"plan\" : 2,");
    var e =
        assertThrows(
            IOException.class, () -> ShardPlan.fromJson(other.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  void unknownFieldIsRefused() {
    var other = json(keyPlan()).replace("\"plan\" : 1,", "\"plan\" : 1, \"extra\" : true,");
    var e =
        assertThrows(
            IOException.class, () -> ShardPlan.fromJson(other.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("unknown field \"extra\""), e.getMessage());
  }

  @Test
  void inconsistentPlanIsRefusedInOneLine() {
    // Two shards holding the NULL keys: the constructor's check, reached through the JSON.
    var other = json(keyPlan()).replace("\"nulls\" : false", "\"nulls\" : true");
    var e =
        assertThrows(
            IOException.class, () -> ShardPlan.fromJson(other.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("NULL keys"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void notJsonIsRefused() {
    assertThrows(
        IOException.class, () -> ShardPlan.fromJson("[1]".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IOException.class, () -> ShardPlan.fromJson("{".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void describeListsEveryShardWithItsName() {
    var text = keyPlan().describe();
    assertTrue(text.contains("3 shards of table orders"), text);
    assertTrue(
        text.contains("shard 0  [-inf, 10)  +NULLs  ~12 rows  -> s3://b/orders/part-0.csv.gz"),
        text);
    assertTrue(text.contains("shard 2  [it's, +inf)  rows unknown"), text);
  }

  @Test
  void destinationWithoutPlaceholderIsInconsistent() {
    var p = keyPlan();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ShardPlan(
                p.version(),
                p.url(),
                p.dialect(),
                p.query(),
                p.table(),
                p.strategy(),
                p.key(),
                p.shards(),
                p.snapshot(),
                p.consistency(),
                "s3://b/orders.csv",
                p.format(),
                p.formatOptions(),
                p.compression()));
  }

  @Test
  void snapshotOffPostgresqlIsInconsistent() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ShardPlan(
                ShardPlan.VERSION,
                "jdbc:mariadb://db/x",
                Dialect.MARIADB,
                null,
                "t",
                Strategy.WHOLE,
                null,
                List.of(new Shard(0, "", null, null, false, -1)),
                "00000003-0000001B-1",
                Consistency.SNAPSHOT,
                null,
                Format.NDJSON,
                null,
                Compression.NONE));
  }
}
