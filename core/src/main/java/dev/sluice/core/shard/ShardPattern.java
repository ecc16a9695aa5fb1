package dev.sluice.core.shard;

import dev.sluice.core.manifest.Manifest;
import java.util.Objects;

/**
 * A destination with a {@value #PLACEHOLDER} in it, such as {@code s3://b/orders/part-{shard}.csv},
 * and the names it gives each of N shards: the placeholder becomes the shard's index, zero-padded
 * to the width of N-1 ({@code 00} to {@code 15} for 16 shards), so that the names sort in shard
 * order.
 *
 * <p>The set's manifest, which lists every shard's object, goes where a shard named {@code set}
 * would keep its manifest: {@code part-set.csv.manifest.json} beside {@code part-00.csv}.
 */
public final class ShardPattern {
  /** What a destination names its shard index with. */
  public static final String PLACEHOLDER = "{shard}";

  /** What {@link #PLACEHOLDER} becomes in the name of the set's manifest. */
  static final String SET = "set";

  private final String pattern;
  private final int shards;
  private final int width;

  private ShardPattern(String pattern, int shards) {
    this.pattern = pattern;
    this.shards = shards;
    this.width = String.valueOf(shards - 1).length();
  }

  /**
   * The names {@code pattern} gives {@code shards} shards.
   *
   * @throws IllegalArgumentException if {@code shards < 1}, or if there is more than one shard and
   *     {@code pattern} has no {@value #PLACEHOLDER} (the shards would overwrite each other)
   */
  public static ShardPattern of(String pattern, int shards) {
    Objects.requireNonNull(pattern, "pattern");
    if (shards < 1) {
      throw new IllegalArgumentException("shards < 1: " + shards);
    }
    if (shards > 1 && !pattern.contains(PLACEHOLDER)) {
      throw new IllegalArgumentException(
          pattern
              + " has no "
              + PLACEHOLDER
              + " for the shard number; "
              + shards
              + " shards need a name each, e.g. part-"
              + PLACEHOLDER
              + ".ndjson");
    }
    return new ShardPattern(pattern, shards);
  }

  /** Whether {@code destination} names shards with {@value #PLACEHOLDER}. */
  public static boolean isPattern(String destination) {
    return destination != null && destination.contains(PLACEHOLDER);
  }

  /** The pattern as given. */
  public String pattern() {
    return pattern;
  }

  /** The number of shards. */
  public int shards() {
    return shards;
  }

  /** The digits of a shard's number: those of {@code shards - 1}. */
  public int width() {
    return width;
  }

  /** Shard {@code index}'s number as it appears in names: {@code 07} of 16. */
  public String number(int index) {
    Objects.checkIndex(index, shards);
    var digits = String.valueOf(index);
    return "0".repeat(width - digits.length()) + digits;
  }

  /** Where shard {@code index} goes. */
  public String name(int index) {
    return pattern.replace(PLACEHOLDER, number(index));
  }

  /**
   * Where the set's manifest goes: the pattern with {@code set} for the shard number and {@link
   * Manifest#SUFFIX} added ({@code part-set.csv.manifest.json}); for a pattern without a
   * placeholder (one shard), the name with {@code .set} before the suffix.
   */
  public String setManifestName() {
    return pattern.contains(PLACEHOLDER)
        ? pattern.replace(PLACEHOLDER, SET) + Manifest.SUFFIX
        : pattern + "." + SET + Manifest.SUFFIX;
  }

  /**
   * The name {@link #setManifestName()} is the manifest of, for stores that place a manifest beside
   * its data ({@code part-set.csv}; no such object is written).
   */
  public String setName() {
    var m = setManifestName();
    return m.substring(0, m.length() - Manifest.SUFFIX.length());
  }

  @Override
  public String toString() {
    return pattern + " x " + shards;
  }
}
