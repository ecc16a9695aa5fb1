package dev.sluice.cli;

import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.manifest.ManifestJson;
import dev.sluice.core.manifest.Stored;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Watches where a plan's shards go until each has its manifest: a manifest is written only after
 * its shard's object is committed, so its presence says the shard is done. Polls; reads only the
 * small manifests, never the data.
 *
 * <p>The coordinator removes the manifests of an earlier export at these names before it writes the
 * plan, so a manifest found here is this plan's.
 */
final class ShardWatch {
  private final List<String> names;
  private final Function<String, Stored> stored;
  private final Duration poll;
  private final Predicate<Manifest> ours;

  /** Each shard's manifest once found; null while the shard is not done. */
  private final Manifest[] manifests;

  ShardWatch(
      List<String> names,
      Function<String, Stored> stored,
      Duration poll,
      Predicate<Manifest> ours) {
    this.names = List.copyOf(names);
    this.stored = stored;
    this.poll = poll;
    this.ours = ours;
    this.manifests = new Manifest[names.size()];
  }

  /** The shards not done yet, by index. */
  List<Integer> pending() {
    var pending = new ArrayList<Integer>();
    for (int i = 0; i < manifests.length; i++) {
      if (manifests[i] == null) {
        pending.add(i);
      }
    }
    return pending;
  }

  /**
   * Looks once for the manifests of the shards not done yet; tells {@code done} the name of each
   * one newly found.
   *
   * @throws IOException if a store cannot be read, or a manifest there is not one
   */
  void look(Consumer<String> done) throws IOException {
    for (int i : pending()) {
      try (var in = stored.apply(names.get(i)).openManifest()) {
        var manifest = ManifestJson.read(in);
        if (ours.test(manifest)) {
          manifests[i] = manifest;
          done.accept(names.get(i));
        }
      } catch (NoSuchFileException e) {
        // Not done yet.
      }
    }
  }

  /**
   * Looks every poll interval until every shard is done, then returns their manifests in shard
   * order; {@code done} hears of each shard as it is found.
   *
   * @throws HoldTimeout when {@code timeout} passes first, naming the shards not done
   */
  List<Manifest> await(Duration timeout, Consumer<String> done)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      look(done);
      if (pending().isEmpty()) {
        return Arrays.asList(manifests.clone());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new HoldTimeout(timeout, pending(), names.size());
      }
      Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left / 1_000_000)));
    }
  }

  /** The shards were not all done within the hold timeout. */
  static final class HoldTimeout extends IOException {
    HoldTimeout(Duration timeout, List<Integer> pending, int shards) {
      super(
          "--hold-timeout "
              + Durations.format(timeout)
              + " passed with "
              + pending.size()
              + " of "
              + shards
              + " shards not done (shard"
              + (pending.size() == 1 ? " " : "s ")
              + shown(pending)
              + "); the snapshot is released, so run the plan and its workers again");
    }

    private static String shown(List<Integer> pending) {
      var shown = pending.subList(0, Math.min(pending.size(), 10)).toString();
      shown = shown.substring(1, shown.length() - 1);
      return pending.size() > 10 ? shown + ", ..." : shown;
    }
  }
}
