package dev.sluice.cli;

import dev.sluice.core.ExportException;
import dev.sluice.core.shard.SetManifest;
import dev.sluice.core.shard.ShardPattern;
import dev.sluice.core.shard.ShardPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

/**
 * What {@code sluice plan} does around the plan, in order: clears the destination of an earlier
 * export's set manifest and open uploads ({@link #start}), writes and prints the plan, watches for
 * every shard's manifest of this plan while the snapshot is held ({@link #hold}), writes the set's
 * manifest, and removes the plan once its snapshot is gone ({@link #release}).
 */
final class Coordinator {
  private final ShardPattern pattern;
  private final S3Options s3;
  private final PrintStream err;
  private final Secrets secrets;
  private final boolean quiet;
  private final Instant started = Instant.now();

  Coordinator(ShardPattern pattern, S3Options s3, PrintStream err, Secrets secrets, boolean quiet) {
    this.pattern = pattern;
    this.s3 = s3;
    this.err = err;
    this.secrets = secrets;
    this.quiet = quiet;
  }

  /**
   * Checks, before the database is touched, that the destination is one a coordinator can watch.
   *
   * @throws UsageException for stdout or an HTTP endpoint, which cannot be read back
   */
  void prepare() {
    var first = pattern.name(0);
    if (Destination.isStdout(first) || first.matches("(?i)^https?://.*")) {
      throw new UsageException(
          "--to "
              + pattern.pattern()
              + ": the shards of a plan go to files or s3://, where the coordinator sees them"
              + " arrive");
    }
    // Parses each name as verify will, so a malformed pattern fails now.
    Destination.stored(first, s3::stored);
  }

  /**
   * Starts a new export of the set: removes an earlier export's set manifest (its shards are about
   * to be replaced), aborts the uploads its killed workers left open, then writes the plan and
   * prints it to {@code out}.
   */
  void start(ShardPlan plan, JsonDocument document, OutputStream out) throws ExportException {
    try {
      setManifest().delete();
      abortUploads("an earlier export");
      document.write(plan.toJson());
    } catch (IOException e) {
      throw new ExportException(ExportException.Reason.SINK, e.getMessage(), e);
    }
    var print = new PrintStream(out, true, StandardCharsets.UTF_8);
    print.print(plan.describe());
    print.flush();
    say(
        "plan written to "
            + document.where()
            + (plan.snapshot() != null
                ? "; holding snapshot " + plan.snapshot() + " until every shard is done"
                : "; each shard reads a state of its own: nothing to hold"));
  }

  /**
   * Waits until every shard's manifest is at the destination, then writes the set's manifest and
   * aborts uploads still open for the shards' objects (a killed attempt of a shard that was run
   * again).
   *
   * @throws ExportException {@code SOURCE} when {@code timeout} passes first
   */
  void hold(ShardPlan plan, Duration timeout, Duration poll)
      throws ExportException, InterruptedException {
    var names = IntStream.range(0, plan.size()).mapToObj(pattern::name).toList();
    var watch =
        new ShardWatch(
            names,
            name -> Destination.stored(name, s3::stored),
            poll,
            m -> java.util.Objects.equals(m.source().snapshot(), plan.snapshot()));
    try {
      var manifests = watch.await(timeout, name -> say("shard done: " + name));
      var set = SetManifest.of(plan, manifests, started, true);
      setManifest().write(set.toJson());
      abortUploads("killed workers");
      say(
          String.format(
              java.util.Locale.ROOT,
              "every shard is done: %,d rows in %d shards; set manifest %s",
              set.rows(),
              plan.size(),
              pattern.setManifestName()));
    } catch (ShardWatch.HoldTimeout e) {
      throw new ExportException(ExportException.Reason.SOURCE, e.getMessage(), e);
    } catch (IOException e) {
      throw new ExportException(ExportException.Reason.SINK, e.getMessage(), e);
    }
  }

  /**
   * Removes the plan once its snapshot is released: no worker can read the snapshot any more, and a
   * worker that found the plan would fail on it. Best effort; says so if it cannot.
   */
  void release(JsonDocument document) {
    try {
      document.delete();
    } catch (IOException e) {
      say(
          "cannot remove the plan (its snapshot is released; remove it by hand): "
              + e.getMessage());
    }
  }

  private JsonDocument setManifest() {
    return JsonDocument.of("--to", pattern.setManifestName(), s3);
  }

  private void abortUploads(String whose) throws IOException {
    var uploads = ShardUploads.of(pattern.pattern(), s3);
    if (uploads.isPresent()) {
      var aborted = uploads.get().abort();
      if (!aborted.isEmpty()) {
        say("aborted " + aborted.size() + " open upload(s) of " + whose + ": " + aborted);
      }
    }
  }

  private void say(String line) {
    if (!quiet) {
      err.println("sluice: " + secrets.mask(line));
    }
  }
}
