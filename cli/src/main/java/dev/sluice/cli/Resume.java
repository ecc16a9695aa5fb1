package dev.sluice.cli;

import dev.sluice.core.format.Format;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.manifest.ManifestJson;
import dev.sluice.core.manifest.Stored;
import dev.sluice.core.manifest.Verification;
import dev.sluice.core.shard.ShardPlan;
import dev.sluice.core.shard.ShardedExport;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code --resume} asks of a shard that already has an object: that its manifest describes
 * this shard of this plan (the same query or table, the same predicate, format and compression, and
 * for a plan that shares a snapshot, that snapshot), and that the object verifies against it (rows,
 * bytes and SHA-256 read back in one stream). A shard that passes is not exported again; one that
 * does not (no manifest, another plan's, data missing or changed, unreadable) is.
 */
final class Resume {
  private Resume() {}

  /**
   * The manifest of the shard at {@code stored}, if the shard is done: its data verifies against it
   * and it has {@code format} and {@code compression}; empty if the shard must be exported.
   *
   * <p>Any failure to read the shard back counts as not done: exporting it again either replaces it
   * or, if the store itself is failing, reports that.
   */
  static Optional<Manifest> done(Stored stored, ShardPlan plan, int index, boolean sameSnapshot) {
    Manifest manifest;
    try (var in = stored.openManifest()) {
      manifest = ManifestJson.read(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!describes(manifest, plan, index, sameSnapshot)) {
      return Optional.empty();
    }
    try (var in = stored.openData()) {
      return Verification.of(manifest, in).matches() ? Optional.of(manifest) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code m} is the manifest of shard {@code index} of {@code plan}. */
  static boolean describes(Manifest m, ShardPlan plan, int index, boolean sameSnapshot) {
    var source = m.source();
    var predicate = plan.shard(index).predicate();
    return m.format() == plan.format()
        && m.compression() == plan.compression()
        // Manifests keep the CSV settings only.
        && (m.format() != Format.CSV || m.formatOptions().equals(plan.formatOptions()))
        && Objects.equals(source.query(), plan.query())
        && Objects.equals(source.table(), plan.table())
        && Objects.equals(source.where(), predicate.isBlank() ? null : predicate)
        && (!sameSnapshot || Objects.equals(source.snapshot(), plan.snapshot()));
  }

  /**
   * Marks every shard of {@code plan} that is done ({@link #done}, from any earlier snapshot) as
   * resumed in {@code export}, and says how many to {@code err} (null for quiet).
   */
  static void skip(ShardPlan plan, ShardedExport.Builder export, S3Options s3, PrintStream err) {
    int skipped = 0;
    for (int i = 0; i < plan.size(); i++) {
      var stored = Destination.stored(plan.pattern().name(i), s3::stored);
      var done = done(stored, plan, i, false);
      if (done.isPresent()) {
        export.resumed(i, done.get());
        skipped++;
      }
    }
    if (err != null) {
      err.println(
          "sluice: --resume: "
              + skipped
              + " of "
              + plan.size()
              + " shards verify against their manifests and are skipped; exporting "
              + (plan.size() - skipped));
    }
  }
}
