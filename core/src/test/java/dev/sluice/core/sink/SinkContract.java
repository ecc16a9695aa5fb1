package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.pipe.Pipe;
import dev.sluice.pipe.PipeReader;
import dev.sluice.pipe.PipeWriter;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link Sink} keeps, run against each one by a subclass that names its real
 * destination (a directory, a captured stream, an HTTP server, an S3 server on loopback):
 *
 * <ul>
 *   <li>a commit publishes exactly the bytes of the stream, the empty one included, and the receipt
 *       counts them;
 *   <li>a producer failure (the stream throws halfway) makes {@link Sink#write} throw with the
 *       producer's error in its cause chain, and leaves nothing at the destination, or only what
 *       the sink's "On failure" paragraph promises;
 *   <li>a failure of the destination makes {@code write} throw while the producer is still writing,
 *       and the producer, once the caller closes the pipe's reader with that error as {@code
 *       Export} does, gets the error and ends instead of blocking forever;
 *   <li>closing the stream and checking the sink after a failed write raises nothing, failing again
 *       leaves no more behind, and the next export to the same destination commits.
 * </ul>
 *
 * <p>The data always comes through a real {@link Pipe}, written by a producer thread in pieces of
 * awkward, varying sizes, and both ends are compared by SHA-256. Each subclass builds its sink in
 * one small factory method and states in its class doc the "On failure" promise it checks.
 */
public abstract class SinkContract {
  /** Large enough to span several parts of an S3 upload with 5 MiB parts. */
  protected static final int LARGE = 11 * 1024 * 1024 + 3;

  /** Where the producer fails: past the first 5 MiB part, short of the end. */
  protected static final int HALFWAY = 7 * 1024 * 1024 + 5;

  protected static final ContentType NDJSON = new ContentType(Format.NDJSON, Compression.NONE);

  /** A new sink on the destination under test; every call in one test writes the same place. */
  protected abstract Sink sink() throws Exception;

  /**
   * A new sink whose destination fails while the producer still writes (a full disk, a broken pipe,
   * a server that cuts the connection or goes away mid-upload).
   */
  protected abstract Sink failingSink() throws Exception;

  /**
   * What the destination holds after the last commit, asserting on the way that the commit left
   * nothing else behind (a temp file, an open upload).
   */
  protected abstract Published published() throws Exception;

  /**
   * Asserts the destination holds what the sink's "On failure" paragraph promises after the last
   * write failed because the producer failed once it had written {@code sent}.
   */
  protected abstract void assertLeftAfterProducerFailure(byte[] sent) throws Exception;

  /** Asserts what the failing destination holds after its write failed; nothing by default. */
  protected void assertLeftAfterSinkFailure() throws Exception {}

  /** The destination holds exactly the stream's bytes, and the receipt counts them. */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, LARGE})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  public void commitPublishesExactlyTheBytes(int size) throws Exception {
    var bytes = random(size);
    var sink = sink();

    var receipt = sink.write(produce(bytes, size, null), NDJSON);

    assertThat(receipt.bytes()).isEqualTo(size);
    assertThat(receipt.destination()).isEqualTo(sink.destination());
    assertThat(published()).isEqualTo(Published.of(bytes, size));
  }

  /** The producer's error reaches the caller, and the destination keeps only what is promised. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  public void producerFailureLeavesNothing() throws Exception {
    var bytes = random(LARGE);
    var failure = new SQLException("canceling statement due to user request");
    var sink = sink();

    var thrown = failedWrite(sink, produce(bytes, HALFWAY, failure));

    assertThat(causes(thrown)).as("the cause chain of %s", thrown).contains(failure);
    assertLeftAfterProducerFailure(Arrays.copyOf(bytes, HALFWAY));
  }

  /** A failing destination fails the write mid-stream, and its error ends the producer. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  public void sinkFailureReachesTheProducer() throws Exception {
    var producer = new CompletableFuture<Throwable>();
    var pipe = Pipe.open();
    var thread =
        Thread.ofVirtual()
            .name("contract-endless-producer")
            .start(
                () -> {
                  try {
                    // Never ends on its own: only an error from the pipe stops it.
                    var chunk = random(8191);
                    while (true) {
                      pipe.writer().write(chunk);
                    }
                  } catch (Throwable t) {
                    producer.complete(t);
                  }
                });
    try {
      var sink = failingSink();

      var thrown = failedWrite(sink, pipe.reader());
      // What Export does when the sink throws: the producer's next write fails with that error.
      pipe.reader().closeWithError(thrown);

      var stopped = producer.get(10, TimeUnit.SECONDS);
      thread.join(10_000);
      assertThat(thread.isAlive()).as("producer thread alive").isFalse();
      assertThat(stopped).isInstanceOf(IOException.class);
      assertThat(causes(stopped)).as("the cause chain of %s", stopped).contains(thrown);
      assertLeftAfterSinkFailure();
    } finally {
      // Releases the producer when an assertion failed first; the first close wins otherwise.
      pipe.reader().close();
    }
  }

  /**
   * After a failed write, closing the stream again and checking the sink raise nothing, a second
   * failure leaves no more behind, and the next write to the same destination commits.
   */
  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  public void abortThenCloseIsHarmless() throws Exception {
    var bytes = random(LARGE);
    for (int round = 1; round <= 2; round++) {
      var failure = new SQLException("round " + round + ": the query failed");
      var data = produce(bytes, HALFWAY, failure);
      var sink = sink();

      var thrown = failedWrite(sink, data);

      assertThat(causes(thrown)).contains(failure);
      // The caller's cleanup after a failed write raises nothing, however often it runs.
      assertThatCode(
              () -> {
                data.close();
                data.closeWithError(new IOException("closed again"));
                data.close();
                if (sink instanceof AutoCloseable closeable) {
                  closeable.close();
                  closeable.close();
                }
                sink.check();
              })
          .doesNotThrowAnyException();
      assertLeftAfterProducerFailure(Arrays.copyOf(bytes, HALFWAY));
    }
    // Two failures left nothing in the way of the next export to the same destination.
    var receipt = sink().write(produce(bytes, LARGE, null), NDJSON);

    assertThat(receipt.bytes()).isEqualTo(LARGE);
    assertThat(published()).isEqualTo(Published.of(bytes, LARGE));
  }

  /** The size and SHA-256 of the bytes a destination holds. */
  public record Published(long bytes, String sha256) {
    public static Published of(byte[] bytes, int length) {
      var digest = newDigest();
      digest.update(bytes, 0, length);
      return new Published(length, HexFormat.of().formatHex(digest.digest()));
    }

    /** Reads {@code in} to its end; does not close it. */
    public static Published of(InputStream in) throws IOException {
      var digest = newDigest();
      var buffer = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, n);
        total += n;
      }
      return new Published(total, HexFormat.of().formatHex(digest.digest()));
    }
  }

  /**
   * A reader fed by a producer thread writing the first {@code count} of {@code bytes} in pieces of
   * awkward, varying sizes (1 byte to about 100 KB), then closing the writer, or closing it with
   * {@code failure} when that is not null, so that the reader throws an {@link IOException} whose
   * cause is {@code failure}. A producer whose write fails (the reader was closed) ends.
   */
  protected static PipeReader produce(byte[] bytes, int count, Exception failure) {
    var pipe = Pipe.open();
    Thread.ofVirtual()
        .name("contract-producer")
        .start(
            () -> {
              PipeWriter out = pipe.writer();
              try {
                int at = 0;
                int step = 1;
                while (at < count) {
                  int n = Math.min(step, count - at);
                  out.write(bytes, at, n);
                  at += n;
                  step = step * 3 % 100_003 + 1;
                }
              } catch (IOException e) {
                // The sink stopped reading: the test looks at what the sink did, not at the
                // producer.
                return;
              }
              if (failure == null) {
                out.close();
              } else {
                out.closeWithError(failure);
              }
            });
    return pipe.reader();
  }

  /** {@code size} pseudo-random bytes, the same for the same size. */
  protected static byte[] random(int size) {
    var bytes = new byte[size];
    var random = new SplittableRandom(size);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static IOException failedWrite(Sink sink, InputStream data) {
    try {
      var receipt = sink.write(data, NDJSON);
      throw new AssertionError("the write should have failed, but committed " + receipt);
    } catch (IOException e) {
      return e;
    }
  }

  /** {@code t} and its causes, outermost first. */
  private static List<Throwable> causes(Throwable t) {
    var chain = new ArrayList<Throwable>();
    for (var c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
