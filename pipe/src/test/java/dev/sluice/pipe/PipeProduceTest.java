package dev.sluice.pipe;

import static dev.sluice.pipe.PipeTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Pipe#produce}: the producer pattern in one call. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeProduceTest {
  /** The producer runs on a virtual thread, and its return closes the writer: the reader ends. */
  @Test
  void producerReturnClosesWriter() throws Exception {
    var virtual = new CompletableFuture<Boolean>();
    var in =
        Pipe.produce(
            out -> {
              virtual.complete(Thread.currentThread().isVirtual());
              out.write(bytes("row 1\nrow 2\n"));
            });
    assertThat(in.readAllBytes()).isEqualTo(bytes("row 1\nrow 2\n"));
    assertThat(virtual.get()).isTrue();
  }

  /** A producer that throws closes the writer with its exception: the reader sees it as cause. */
  @Test
  void producerFailureReachesReader() {
    var failure = new IllegalStateException("query failed");
    var in =
        Pipe.produce(
            out -> {
              out.write(bytes("partial"));
              throw failure;
            });
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasCause(failure);
  }

  /** Closing the returned reader early makes the producer's next write fail, which stops it. */
  @Test
  void closingReaderStopsProducer() throws Exception {
    var stopped = new CompletableFuture<Throwable>();
    var in =
        Pipe.produce(
            out -> {
              try {
                while (true) {
                  out.write(bytes("more"));
                }
              } catch (IOException e) {
                stopped.complete(e);
                throw e;
              }
            });
    assertThat(in.readNBytes(4)).isEqualTo(bytes("more"));
    in.close();
    assertThat(stopped.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedPipeException.class);
  }
}
