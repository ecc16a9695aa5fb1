package dev.sluice.core.sink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A place that stores an export's manifest: a small JSON document written once, after the data
 * has been committed. {@link FileSink} stores it beside the file and the S3 sink beside the object,
 * under the data's name plus {@link #SUFFIX}; {@link #file(Path)} stores it in a file of any name,
 * for exports to stdout or HTTP.
 *
 * <p>The document is written atomically: a reader sees the whole document or none (a file is
 * written to a temporary file and renamed; an S3 object is one PutObject). An existing manifest is
 * replaced.
 */
public interface ManifestTarget {
  /** What a manifest's name adds to its data's name: {@code orders.csv.gz.manifest.json}. */
  String SUFFIX = ".manifest.json";

  /** Where the manifest goes, for messages: a path or {@code s3://bucket/key.manifest.json}. */
  String manifestDestination();

  /**
   * Whether this target stores a manifest at all. A sink whose destination cannot have anything
   * beside it (a {@link FileSink} aimed at a device or a named pipe such as {@code /dev/null})
   * says no, and the export stores no manifest unless one is asked for elsewhere.
   */
  default boolean storesManifest() {
    return true;
  }

  /**
   * Checks, before the export runs, that the manifest can be stored (its directory exists and is
   * writable), like {@link Sink#check()}. Creates nothing. Does nothing by default.
   *
   * @throws IOException with a one-line message naming the place and the problem.
   */
  default void check() throws IOException {}

  /**
   * Stores {@code document} (UTF-8 JSON) atomically, replacing an earlier manifest.
   *
   * @throws IOException if it could not be stored; no partial document is left behind.
   */
  void writeManifest(byte[] document) throws IOException;

  /** A target that writes the manifest to {@code path} itself, through a {@link FileSink}. */
  static ManifestTarget file(Path path) {
    var sink = FileSink.of(Objects.requireNonNull(path, "path"));
    return new ManifestTarget() {
      @Override
      public String manifestDestination() {
        return sink.destination();
      }

      @Override
      public void check() throws IOException {
        sink.check();
      }

      @Override
      public void writeManifest(byte[] document) throws IOException {
        sink.write(new ByteArrayInputStream(document), null);
      }

      @Override
      public String toString() {
        return "ManifestTarget[" + sink.destination() + "]";
      }
    };
  }
}
