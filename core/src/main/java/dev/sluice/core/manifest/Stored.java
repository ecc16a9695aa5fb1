package dev.sluice.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An export's data and its manifest where a sink stored them, read back as streams, for {@code
 * sluice verify}. {@link #file} reads a file and the file beside it; the S3 module reads an object
 * and the object beside it.
 */
public interface Stored {
  /** The data's location, for messages: a path or {@code s3://bucket/key}. */
  String destination();

  /** The manifest's location, for messages. */
  String manifestDestination();

  /**
   * Opens the stored data; the caller closes it.
   *
   * @throws NoSuchFileException if there is no data there
   */
  InputStream openData() throws IOException;

  /**
   * Opens the manifest; the caller closes it.
   *
   * @throws NoSuchFileException if there is no manifest there
   */
  InputStream openManifest() throws IOException;

  /** The file {@code data} and the manifest beside it, its name plus {@link Manifest#SUFFIX}. */
  static Stored file(Path data) {
    var d = Objects.requireNonNull(data, "data").toAbsolutePath().normalize();
    var m = Path.of(d + Manifest.SUFFIX);
    return new Stored() {
      @Override
      public String destination() {
        return d.toString();
      }

      @Override
      public String manifestDestination() {
        return m.toString();
      }

      @Override
      public InputStream openData() throws IOException {
        return Files.newInputStream(d);
      }

      @Override
      public InputStream openManifest() throws IOException {
        return Files.newInputStream(m);
      }
    };
  }
}
