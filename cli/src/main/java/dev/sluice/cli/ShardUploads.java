package dev.sluice.cli;

import dev.sluice.core.shard.ShardPattern;
import dev.sluice.s3.OpenUploads;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The multipart uploads open for the objects of a set of shards on S3 ({@code
 * s3://b/orders/part-{shard}.csv}: every key {@code orders/part-<digits>.csv}), which only a killed
 * worker leaves: a worker that fails in any other way aborts its own upload. {@code sluice plan}
 * aborts them before it writes a plan (an earlier export's) and once every shard is done (this
 * export's killed attempts, whose shards were then run again).
 */
final class ShardUploads {
  private final OpenUploads open;
  private final Pattern keys;

  private ShardUploads(OpenUploads open, Pattern keys) {
    this.open = open;
    this.keys = keys;
  }

  /** The uploads of {@code pattern}'s shards; empty unless it is an {@code s3://} pattern. */
  static Optional<ShardUploads> of(String pattern, S3Options options) {
    if (!pattern.regionMatches(true, 0, "s3://", 0, 5)) {
      return Optional.empty();
    }
    var location = options.location("--to", pattern);
    var key = location.key();
    int at = key.indexOf(ShardPattern.PLACEHOLDER);
    var prefix = at < 0 ? key : key.substring(0, at);
    var regex = new StringBuilder();
    for (var part : key.split(Pattern.quote(ShardPattern.PLACEHOLDER), -1)) {
      if (!regex.isEmpty()) {
        regex.append("[0-9]+");
      }
      regex.append(Pattern.quote(part));
    }
    // The shards' names with any width of number, so that an earlier plan of another size counts.
    var keys = Pattern.compile(at < 0 ? Pattern.quote(key) : regex.toString());
    return Optional.of(
        new ShardUploads(new OpenUploads(location.bucket(), prefix, location.settings()), keys));
  }

  /** Aborts every upload open for one of the shards' objects; returns them. */
  List<OpenUploads.Upload> abort() throws IOException {
    return open.abort(u -> keys.matcher(u.key()).matches());
  }
}
