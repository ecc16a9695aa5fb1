package dev.sluice.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bytes of one part, filled from the export's stream and then uploaded, possibly several times.
 * A part in memory is a pooled array; a part larger than the memory budget is staged in a temp
 * file. Either way {@link #body} replays the same bytes for every attempt without copying them.
 */
abstract sealed class Part {
  /** Bytes the part holds so far. */
  long size;

  /** True once the stream ended while filling this part. */
  boolean endOfStream;

  /**
   * Reads {@code in} into this part until it holds {@code capacity} bytes or the stream ends.
   * {@code first}, when not negative, is a byte read ahead of the part that goes first.
   */
  abstract void fill(InputStream in, int first, long capacity) throws IOException;

  /** The part's bytes as a request body; each attempt reads them from the start. */
  abstract RequestBody body(String mediaType);

  /** Computed on first use, by the one thread that uploads the part. */
  private String md5;

  /** The MD5 of the part's bytes, base64, as a Content-MD5 header carries it. */
  final String md5() {
    if (md5 == null) {
      try (InputStream in = body("application/octet-stream").contentStreamProvider().newStream()) {
        var digest = MessageDigest.getInstance("MD5");
        var buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          digest.update(buffer, 0, n);
        }
        md5 = Base64.getEncoder().encodeToString(digest.digest());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the part to hash it", e);
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("every JDK has MD5", e);
      }
    }
    return md5;
  }

  static final class InMemory extends Part {
    final byte[] buffer;

    InMemory(byte[] buffer) {
      this.buffer = buffer;
    }

    @Override
    void fill(InputStream in, int first, long capacity) throws IOException {
      int n = 0;
      if (first >= 0) {
        buffer[n++] = (byte) first;
      }
      int limit = (int) capacity;
      // One call: a pipe's writers fill the buffer in place and wake this thread once, when full.
      n += in.readNBytes(buffer, n, limit - n);
      endOfStream = n < limit;
      size = n;
    }

    @Override
    RequestBody body(String mediaType) {
      int length = (int) size;
      return RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(buffer, 0, length), length, mediaType);
    }
  }

  static final class OnDisk extends Part {
    private static final int COPY_BUFFER = 256 * 1024;

    final Path file;

    OnDisk(Path file) {
      this.file = file;
    }

    @Override
    void fill(InputStream in, int first, long capacity) throws IOException {
      var copy = new byte[COPY_BUFFER];
      try (OutputStream out = Files.newOutputStream(file)) {
        if (first >= 0) {
          out.write(first);
          size = 1;
        }
        while (size < capacity) {
          int want = (int) Math.min(copy.length, capacity - size);
          int read = in.readNBytes(copy, 0, want);
          out.write(copy, 0, read);
          size += read;
          if (read < want) {
            endOfStream = true;
            break;
          }
        }
      }
    }

    @Override
    RequestBody body(String mediaType) {
      return RequestBody.fromContentProvider(this::open, size, mediaType);
    }

    private InputStream open() {
      try {
        return Files.newInputStream(file);
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": cannot read staged part", e);
      }
    }

    void delete() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A temp file that cannot be deleted is only litter in the temp directory.
        file.toFile().deleteOnExit();
      }
    }
  }
}
