package dev.sluice.core.sink;

import dev.sluice.core.text.Message;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the export to a file: the bytes go to a temporary file beside the target ({@code
 * .name.<random>.tmp} in the same directory, so the rename never crosses file systems), which is
 * forced to disk and then renamed over the target in one atomic step. Readers of the target see
 * either its old content or the whole new file, never a part. An existing target is replaced.
 *
 * <p><b>On failure</b> (the query failed, the export was cancelled, the disk filled up), the
 * temporary file is deleted and the target is untouched: it keeps its old content or stays absent.
 * Only a crash of the JVM between the start and the rename can leave the temporary file behind.
 *
 * <p>Its {@linkplain #sibling sibling} is a file sink for the target's path plus the suffix, in the
 * same directory ({@code orders.csv} and {@code orders.csv.sha256}), written the same way:
 * temporary file, fsync, rename.
 *
 * <p>A target that exists and is neither a regular file nor a directory (a device such as {@code
 * /dev/null}, a named pipe) is written directly, like stdout: it cannot be replaced by a rename
 * (doing so would replace the device itself) and nothing can be stored beside it, so it has no
 * sibling. <b>On failure</b> what was written to such a target stays written.
 */
public final class FileSink implements Sink {
  private final Path target;

  private FileSink(Path target) {
    this.target = target.toAbsolutePath().normalize();
  }

  /** A sink that writes {@code target}, replacing it if it exists. */
  public static FileSink of(Path target) {
    Objects.requireNonNull(target, "target");
    if (target.getFileName() == null) {
      throw new IllegalArgumentException("not a file path: " + target);
    }
    return new FileSink(target);
  }

  @Override
  public String destination() {
    return target.toString();
  }

  /** A device or named pipe: written in place, never through a temporary file and a rename. */
  private boolean special() {
    return Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
  }

  /** A file sink for this path plus {@code suffix}; empty for a device or a named pipe. */
  @Override
  public Optional<Sink> sibling(String suffix) {
    return special() ? Optional.empty() : Optional.of(new FileSink(Path.of(target + suffix)));
  }

  @Override
  public void check() throws IOException {
    if (special()) {
      if (!Files.isWritable(target)) {
        throw new IOException(target + ": cannot write: not writable");
      }
      return;
    }
    var dir = target.getParent();
    if (Files.isDirectory(target)) {
      throw new IOException(target + ": is a directory");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(target + ": cannot write: directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new IOException(target + ": cannot write: directory " + dir + " is not writable");
    }
  }

  @Override
  public FileReceipt write(InputStream data, ContentType contentType) throws IOException {
    if (special()) {
      try (var out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
        long bytes = data.transferTo(new Named(out, "write"));
        return new FileReceipt(target.toString(), bytes, target);
      }
    }
    var temp = createTemp();
    try {
      long bytes;
      try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        bytes = data.transferTo(new Named(Channels.newOutputStream(channel), "write"));
        try {
          channel.force(true);
        } catch (IOException e) {
          throw failed("flush to disk", bytes, e);
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw failed("rename " + temp.getFileName() + " into place", bytes, e);
      }
      forceDirectory();
      return new FileReceipt(target.toString(), bytes, target);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Creates the temporary file with the default permissions (unlike createTempFile's 0600). */
  private Path createTemp() throws IOException {
    var dir = target.getParent();
    for (int attempt = 0; ; attempt++) {
      var name =
          "."
              + target.getFileName()
              + "."
              + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
              + ".tmp";
      var temp = dir.resolve(name);
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt == 9) {
          throw e;
        }
      } catch (IOException e) {
        throw new IOException(
            target
                + ": cannot create a temporary file in "
                + dir
                + ": "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()),
            e);
      }
    }
  }

  /** Makes the rename durable where the platform allows forcing a directory (Linux does). */
  private void forceDirectory() {
    try (var dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | RuntimeException e) {
      // Best effort: some platforms cannot open a directory; the file itself is on disk already.
    }
  }

  private IOException failed(String step, long bytes, IOException e) {
    return new IOException(
        String.format(
            Locale.ROOT,
            "%s: %s failed after %,d bytes: %s",
            target,
            step,
            bytes,
            Message.firstLine(e)),
        e);
  }

  @Override
  public String toString() {
    return "FileSink[" + target + "]";
  }

  /**
   * Names the target and the step in a failure of the file itself, so that "No space left on
   * device" says where; failures of the data read are not the file's and pass through as they are.
   */
  private final class Named extends FilterOutputStream {
    private final String step;
    private long written;

    Named(OutputStream out, String step) {
      super(out);
      this.step = step;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw failed(step, written, e);
      }
      written += len;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }
  }
}
