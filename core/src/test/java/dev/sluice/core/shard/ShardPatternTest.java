package dev.sluice.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardPatternTest {
  @Test
  void numbersArePaddedToTheWidthOfTheLastShard() {
    var p = ShardPattern.of("out/part-{shard}.csv", 16);
    assertEquals("out/part-00.csv", p.name(0));
    assertEquals("out/part-15.csv", p.name(15));
    assertEquals("part-9.csv", ShardPattern.of("part-{shard}.csv", 10).name(9));
    assertEquals("part-010.csv", ShardPattern.of("part-{shard}.csv", 101).name(10));
  }

  @Test
  void setManifestTakesThePlaceOfAShardNamedSet() {
    var p = ShardPattern.of("s3://b/o/part-{shard}.ndjson.gz", 4);
    assertEquals("s3://b/o/part-set.ndjson.gz.manifest.json", p.setManifestName());
    assertEquals("s3://b/o/part-set.ndjson.gz", p.setName());
    assertEquals("o.csv.set.manifest.json", ShardPattern.of("o.csv", 1).setManifestName());
  }

  @Test
  void manyShardsWithoutPlaceholderAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> ShardPattern.of("out.csv", 2));
    assertTrue(e.getMessage().contains("{shard}"), e.getMessage());
    assertEquals("out.csv", ShardPattern.of("out.csv", 1).name(0));
  }

  @Test
  void zeroShardsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ShardPattern.of("p-{shard}", 0));
  }

  @Test
  void indexOutOfRangeIsRefused() {
    assertThrows(IndexOutOfBoundsException.class, () -> ShardPattern.of("p-{shard}", 4).name(4));
  }
}
