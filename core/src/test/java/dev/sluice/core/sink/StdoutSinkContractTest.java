package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link SinkContract} for {@link StdoutSink}, writing to a {@link PrintStream} as {@code
 * System.out} is one, over a captured buffer.
 *
 * <p>On failure, the promise checked: what was already written stays written. After the producer
 * fails, the output holds exactly the bytes the producer wrote before it failed (a pipe write
 * returns only once the reader has taken its bytes, so none is in flight), nothing less and nothing
 * more. The failing destination is the stdin of a real {@code head -c 100000} process: once {@code
 * head} has read its fill and exited, the next write meets a broken pipe, which a {@code
 * PrintStream} swallows and the sink must turn into an exception.
 */
class StdoutSinkContractTest extends SinkContract {
  /** What the last sink wrote: each sink gets a fresh buffer, as each command gets its stdout. */
  private ByteArrayOutputStream captured;

  private Process head;

  /** The one place a stdout sink is built. */
  private static Sink stdoutSink(OutputStream out) {
    return new StdoutSink(new PrintStream(out));
  }

  @AfterEach
  void stopHead() throws InterruptedException {
    if (head != null) {
      head.destroy();
      head.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  protected Sink sink() {
    captured = new ByteArrayOutputStream();
    return stdoutSink(captured);
  }

  @Override
  protected Sink failingSink() throws Exception {
    head =
        new ProcessBuilder("head", "-c", "100000")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return stdoutSink(head.getOutputStream());
  }

  @Override
  protected Published published() {
    var bytes = captured.toByteArray();
    return Published.of(bytes, bytes.length);
  }

  @Override
  protected void assertLeftAfterProducerFailure(byte[] sent) {
    assertThat(captured.size()).isEqualTo(sent.length);
    assertThat(Published.of(captured.toByteArray(), captured.size()))
        .isEqualTo(Published.of(sent, sent.length));
  }
}
