package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SinkContract} for {@link HttpSink}, posting to {@link RawHttpServer}, a real HTTP/1.1
 * server on loopback that records each request's body and how it ended.
 *
 * <p>On failure, the promise checked: the request body is cut off without its final zero-length
 * chunk, so the server never sees a complete request; what it did receive is a prefix of what the
 * producer wrote. A commit is a complete chunked request whose body is exactly the stream. The
 * failing destination is a server that resets the connection after 256 KiB of the body.
 */
class HttpSinkContractTest extends SinkContract {
  private RawHttpServer server;

  /** The one place an HTTP sink is built. */
  private static Sink httpSink(URI url) {
    return HttpSink.builder(url).build();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = RawHttpServer.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  /**
   * An empty body, many times over: its end comes before the client asked for anything, which the
   * JDK's HTTP/1.1 exchange failed on now and then (a null pointer inside the client) until the
   * body waited for the client's first request before completing.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anEmptyBodyIsSentEveryTime() throws Exception {
    for (int i = 0; i < 200; i++) {
      var receipt = sink().write(produce(new byte[0], 0, null), NDJSON);
      assertThat(receipt.bytes()).as("attempt " + i).isZero();
      assertThat(server.takeRequest().end()).as("attempt " + i).isEqualTo("complete");
    }
  }

  @Override
  protected Sink sink() {
    return httpSink(server.url("/ingest"));
  }

  @Override
  protected Sink failingSink() {
    server.enqueue(RawHttpServer.Script.closeAfter(256 * 1024));
    return httpSink(server.url("/ingest"));
  }

  @Override
  protected Published published() throws Exception {
    var request = server.takeRequest();
    assertThat(request.end()).isEqualTo("complete");
    return new Published(request.bodyBytes(), request.sha256());
  }

  @Override
  protected void assertLeftAfterProducerFailure(byte[] sent) throws Exception {
    var request = server.takeRequest();
    assertThat(request.complete()).as("request complete, ended: " + request.end()).isFalse();
    assertThat(new String(request.rawBody(), StandardCharsets.ISO_8859_1))
        .doesNotEndWith("0\r\n\r\n");
    assertThat(request.bodyBytes()).isLessThanOrEqualTo(sent.length);
    assertThat(request.body()).isEqualTo(Arrays.copyOf(sent, (int) request.bodyBytes()));
  }

  @Override
  protected void assertLeftAfterSinkFailure() throws Exception {
    assertThat(server.takeRequest().end()).isEqualTo("closed by the server");
  }
}
