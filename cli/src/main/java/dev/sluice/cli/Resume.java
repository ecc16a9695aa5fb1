package dev.sluice.cli;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.manifest.ManifestJson;
import dev.sluice.core.manifest.Stored;
import dev.sluice.core.manifest.Verification;
import java.io.IOException;
import java.util.Optional;

/**
 * What {@code --resume} asks of a shard that already has an object: that it verifies against the
 * manifest beside it (rows, bytes and SHA-256 read back in one stream) and was written in the
 * format and compression asked for now. A shard that passes is not exported again; one that does
 * not (no manifest, a manifest of other data, data missing or changed, unreadable) is.
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
  static Optional<Manifest> done(Stored stored, Format format, Compression compression) {
    Manifest manifest;
    try (var in = stored.openManifest()) {
      manifest = ManifestJson.read(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (manifest.format() != format || manifest.compression() != compression) {
      return Optional.empty();
    }
    try (var in = stored.openData()) {
      return Verification.of(manifest, in).matches() ? Optional.of(manifest) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
