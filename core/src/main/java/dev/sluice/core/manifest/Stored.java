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

  /**
   * Opens what is stored under the data's name plus {@code suffix}: the data itself for the empty
   * suffix, the manifest for {@link Manifest#SUFFIX}; the caller closes the stream.
   */
  @FunctionalInterface
  interface Opener {
    /**
     * Opens the stream.
     *
     * @throws NoSuchFileException if nothing is stored under that name
     */
    InputStream open(String suffix) throws IOException;
  }

  /**
   * The data at {@code destination} and the manifest beside it, named as the data plus {@link
   * Manifest#SUFFIX}, both read through {@code opener}: a store that can read an object by name
   * gives the read-back without knowing what a manifest is.
   */
  static Stored beside(String destination, Opener opener) {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(opener, "opener");
    return new Stored() {
      @Override
      public String destination() {
        return destination;
      }

      @Override
      public String manifestDestination() {
        return destination + Manifest.SUFFIX;
      }

      @Override
      public InputStream openData() throws IOException {
        return opener.open("");
      }

      @Override
      public InputStream openManifest() throws IOException {
        return opener.open(Manifest.SUFFIX);
      }
    };
  }

  /** The file {@code data} and the manifest beside it, its name plus {@link Manifest#SUFFIX}. */
  static Stored file(Path data) {
    var d = Objects.requireNonNull(data, "data").toAbsolutePath().normalize();
    return beside(d.toString(), suffix -> Files.newInputStream(Path.of(d + suffix)));
  }
}
