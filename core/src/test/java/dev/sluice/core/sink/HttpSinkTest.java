package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.pipe.Pipe;
import dev.sluice.pipe.PipeReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link HttpSink} against {@link RawHttpServer}, a real HTTP/1.1 server on loopback. */
@Timeout(30)
class HttpSinkTest {
  private static final ContentType NDJSON = new ContentType(Format.NDJSON, Compression.NONE);

  private RawHttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = RawHttpServer.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  @Test
  void bodyArrivesChunkedAndWholeWithItsFinalChunk() throws Exception {
    var bytes = random(3 * 1024 * 1024 + 17);
    var response = new ByteArrayOutputStream();
    var sink = HttpSink.builder(server.url("/ingest")).responseTo(response).build();

    var receipt = sink.write(produceInPieces(bytes), NDJSON);

    var request = server.takeRequest();
    assertThat(request.requestLine()).isEqualTo("POST /ingest HTTP/1.1");
    assertThat(request.header("Transfer-Encoding")).contains("chunked");
    assertThat(request.header("Content-Length")).isEmpty();
    assertThat(request.chunked()).isTrue();
    assertThat(request.chunkSizes()).hasSizeGreaterThan(1);
    assertThat(request.end()).isEqualTo("complete");
    assertThat(request.body()).isEqualTo(bytes);
    assertThat(new String(request.rawBody(), StandardCharsets.ISO_8859_1))
        .endsWith("\r\n0\r\n\r\n");
    assertThat(receipt)
        .isEqualTo(
            new HttpReceipt(
                server.url("/ingest").toString(),
                bytes.length,
                200,
                "HTTP/1.1",
                HttpReceipt.Transfer.CHUNKED));
    assertThat(receipt.details())
        .containsExactly(
            Map.entry("status", "200"),
            Map.entry("protocol", "HTTP/1.1"),
            Map.entry("transfer", "chunked"));
    assertThat(response.toString(StandardCharsets.UTF_8)).isEqualTo("ok\n");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyFormatRoundTripsWithItsContentTypeAndEncoding(Compression compression)
      throws Exception {
    for (var format : Format.values()) {
      if (format.compressesItself()) {
        continue; // The sink takes bytes; Parquet's are tested by ParquetExportTest.
      }
      var text = sample(format, 20_000);
      var sink = HttpSink.builder(server.url("/" + format)).build();

      sink.write(
          Pipe.produce(
              out -> {
                try (var compressed = compress(out, compression)) {
                  compressed.write(text);
                }
              }),
          new ContentType(format, compression));

      var request = server.takeRequest();
      assertThat(request.end()).isEqualTo("complete");
      assertThat(request.header("Content-Type")).contains(format.mediaType());
      assertThat(request.header("Content-Encoding"))
          .isEqualTo(java.util.Optional.ofNullable(compression.contentEncoding()));
      assertThat(decompress(request.body(), compression)).isEqualTo(text);
    }
  }

  @Test
  void putSendsCustomHeaders() throws Exception {
    var sink =
        HttpSink.builder(server.url("/orders?batch=7"))
            .method("put")
            .header("X-Tenant", "acme")
            .header("Authorization", "Bearer s3cr3t-t0ken")
            .build();

    sink.write(new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), NDJSON);

    var request = server.takeRequest();
    assertThat(request.requestLine()).isEqualTo("PUT /orders?batch=7 HTTP/1.1");
    assertThat(request.header("X-Tenant")).contains("acme");
    assertThat(request.header("Authorization")).contains("Bearer s3cr3t-t0ken");
    assertThat(request.header("Content-Type")).contains("application/x-ndjson");
    assertThat(request.header("Content-Encoding")).isEmpty();
    assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("{}\n");
  }

  @Test
  void givenContentTypeWinsOverTheFormats() throws Exception {
    var sink = HttpSink.builder(server.url("/")).header("content-type", "text/plain").build();

    sink.write(new ByteArrayInputStream(new byte[] {'x'}), NDJSON);

    var request = server.takeRequest();
    assertThat(request.headers())
        .filteredOn(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
        .extracting(h -> h.substring("content-type:".length()).strip())
        .containsExactly("text/plain");
  }

  @Test
  void producerFailureCutsTheBodyOffWithoutItsFinalChunk() throws Exception {
    var failure = new IllegalStateException("query failed at row 5000");
    var data =
        Pipe.produce(
            out -> {
              out.write(random(300_000));
              throw failure;
            });
    var sink = HttpSink.builder(server.url("/")).build();

    assertThatThrownBy(() -> sink.write(data, NDJSON))
        .isInstanceOf(IOException.class)
        .hasCause(failure)
        .hasMessageContaining("request aborted after")
        .hasMessageContaining("query failed at row 5000");

    var request = server.takeRequest();
    assertThat(request.end()).startsWith("error:");
    assertThat(request.bodyBytes()).isLessThanOrEqualTo(300_000);
    assertThat(new String(request.rawBody(), StandardCharsets.ISO_8859_1))
        .doesNotEndWith("0\r\n\r\n");
  }

  @Test
  void serverErrorFailsWithTheStatusAndTheFirstLinesOfItsBody() throws Exception {
    server.enqueue(RawHttpServer.Script.respond(500, "database is down\n\nretry later\nx\ny\n"));
    var sink = HttpSink.builder(server.url("/")).build();

    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(random(1000)), NDJSON))
        .isInstanceOf(IOException.class)
        .hasMessage(
            server.url("/")
                + ": the server answered HTTP 500 after 1000 bytes were sent:"
                + " database is down | retry later | x");
  }

  @Test
  void serverClosingMidBodyFailsPromptlyAndTheProducerStops() throws Exception {
    server.enqueue(RawHttpServer.Script.closeAfter(256 * 1024));
    var producerStopped = new CountDownLatch(1);
    PipeReader data =
        Pipe.produce(
            out -> {
              try {
                var chunk = random(8192);
                while (true) {
                  out.write(chunk);
                }
              } finally {
                producerStopped.countDown();
              }
            });
    var sink = HttpSink.builder(server.url("/")).build();

    var thrown = catchIo(() -> sink.write(data, NDJSON));
    // What the engine does when the sink throws: the producer's next write fails.
    data.closeWithError(thrown);

    assertThat(thrown)
        .hasMessageContaining("connection failed after")
        .hasMessageContaining("bytes of the body were sent");
    assertThat(producerStopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(server.takeRequest().end()).isEqualTo("closed by the server");
  }

  @Test
  void stallTimeoutFiresWhenTheServerStopsReading() throws Exception {
    server.enqueue(RawHttpServer.Script.stopReading());
    PipeReader data =
        Pipe.produce(
            out -> {
              var chunk = new byte[64 * 1024];
              while (true) {
                out.write(chunk);
              }
            });
    var sink = HttpSink.builder(server.url("/")).stallTimeout(Duration.ofSeconds(1)).build();

    var thrown = catchIo(() -> sink.write(data, NDJSON));
    data.closeWithError(thrown);

    assertThat(thrown)
        .hasMessageContaining("no progress sending the body for 1 s")
        .hasMessageContaining("stall timeout");
  }

  @Test
  void aSlowProducerIsNotAStall() throws Exception {
    var data =
        Pipe.produce(
            out -> {
              for (int i = 0; i < 3; i++) {
                out.write(("{\"row\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                Thread.sleep(1_500);
              }
            });
    var sink = HttpSink.builder(server.url("/")).stallTimeout(Duration.ofSeconds(1)).build();

    var receipt = sink.write(data, NDJSON);

    assertThat(receipt.status()).isEqualTo(200);
    assertThat(server.takeRequest().body())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"row\":0}\n{\"row\":1}\n{\"row\":2}\n");
  }

  @Test
  void serverAnsweringBeforeAnEndlessBodyEndsFailsTheWrite() throws Exception {
    server.enqueue(RawHttpServer.Script.respondBeforeBody(413, "Payload Too Large"));
    PipeReader data =
        Pipe.produce(
            out -> {
              var chunk = new byte[64 * 1024];
              while (true) {
                out.write(chunk);
              }
            });
    var sink = HttpSink.builder(server.url("/")).stallTimeout(Duration.ofSeconds(5)).build();

    var thrown = catchIo(() -> sink.write(data, NDJSON));
    data.closeWithError(thrown);

    assertThat(thrown).hasMessageStartingWith(server.url("/") + ": ");
  }

  @Test
  void interruptAbortsTheRequestWithoutItsFinalChunk() throws Exception {
    PipeReader data =
        Pipe.produce(
            out -> {
              out.write(random(1000));
              Thread.sleep(60_000);
            });
    var sink = HttpSink.builder(server.url("/")).build();
    var caller = Thread.currentThread();
    var timer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(500);
                    caller.interrupt();
                  } catch (InterruptedException e) {
                    // The test is over.
                  }
                });

    try {
      assertThatThrownBy(() -> sink.write(data, NDJSON))
          .isInstanceOf(java.io.InterruptedIOException.class)
          .hasMessageContaining("interrupted after");
      assertThat(Thread.interrupted()).isTrue();
      assertThat(server.takeRequest().end()).startsWith("error:");
    } finally {
      data.closeWithError(new IOException("test over"));
      timer.interrupt();
      timer.join();
    }
  }

  @Test
  void lengthRequiredSuggestsTheDiskBuffer() throws Exception {
    server.enqueue(RawHttpServer.Script.respond(411, "Length Required"));
    var sink = HttpSink.builder(server.url("/")).build();

    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(random(10)), NDJSON))
        .hasMessageContaining("HTTP 411")
        .hasMessageContaining("--http-buffer disk");
  }

  @Test
  void notImplementedBeforeTheBodySuggestsTheDiskBuffer() throws Exception {
    // Werkzeug's development server answers 501 to a chunked body without reading it.
    server.enqueue(RawHttpServer.Script.respondBeforeBody(501, "Chunked encoding not supported"));
    var sink = HttpSink.builder(server.url("/")).build();

    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(random(10)), NDJSON))
        .hasMessageContaining("HTTP 501")
        .hasMessageContaining("--http-buffer disk");
  }

  @Test
  void redirectIsAnErrorNamingTheLocation() throws Exception {
    server.enqueue(
        RawHttpServer.Script.respond(302, "")
            .header("Location", "https://elsewhere.example/v2/orders"));
    var sink = HttpSink.builder(server.url("/")).build();

    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(random(10)), NDJSON))
        .hasMessageContaining("HTTP 302")
        .hasMessageContaining("redirect to https://elsewhere.example/v2/orders");
  }

  @Test
  void diskBufferSendsAContentLengthAndDeletesItsFile(@TempDir Path spool) throws Exception {
    var bytes = random(1024 * 1024);
    var sink = HttpSink.builder(server.url("/")).bufferOnDisk(spool).build();

    var receipt = sink.write(produceInPieces(bytes), NDJSON);

    var request = server.takeRequest();
    assertThat(request.header("Content-Length")).contains(Integer.toString(bytes.length));
    assertThat(request.header("Transfer-Encoding")).isEmpty();
    assertThat(request.body()).isEqualTo(bytes);
    assertThat(receipt.transfer()).isEqualTo(HttpReceipt.Transfer.CONTENT_LENGTH);
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void diskBufferSendsNothingWhenTheProducerFails(@TempDir Path spool) throws Exception {
    var failure = new IllegalStateException("query failed");
    var data =
        Pipe.produce(
            out -> {
              out.write(random(100_000));
              throw failure;
            });
    var sink = HttpSink.builder(server.url("/")).bufferOnDisk(spool).build();

    assertThatThrownBy(() -> sink.write(data, NDJSON))
        .hasCause(failure)
        .hasMessageContaining("nothing was sent");
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void checkRefusesADiskBufferThatIsNoDirectory(@TempDir Path dir) throws Exception {
    var missing = dir.resolve("missing");
    var sink = HttpSink.builder(server.url("/")).bufferOnDisk(missing).build();

    assertThatThrownBy(sink::check)
        .isInstanceOf(IOException.class)
        .hasMessage(
            server.url("/")
                + ": cannot buffer the body in "
                + missing
                + ": not a writable directory");
  }

  @Test
  void secretsNeverAppearInMessages() throws Exception {
    server.enqueue(
        RawHttpServer.Script.respond(
            401, "bad credentials: Authorization: Bearer s3cr3t-t0ken, X-Api-Key: k3y-value\n"));
    var sink =
        HttpSink.builder(server.url("/x?api_key=qs-secret&page=2"))
            .header("Authorization", "Bearer s3cr3t-t0ken")
            .header("X-Api-Key", "k3y-value")
            .build();

    var thrown = catchIo(() -> sink.write(new ByteArrayInputStream(random(10)), NDJSON));

    assertThat(sink.destination()).endsWith("/x?api_key=***&page=2");
    assertThat(thrown.getMessage())
        .contains("HTTP 401", "Authorization: ***,", "X-Api-Key: ***")
        .doesNotContain("s3cr3t", "k3y-value", "qs-secret");
  }

  @Test
  void userInfoBecomesBasicAuthAndLeavesTheDestination() throws Exception {
    var url = server.url("/").toString().replace("http://", "http://alice:pa%3Ass@");
    var sink = HttpSink.builder(java.net.URI.create(url)).build();

    sink.write(new ByteArrayInputStream(new byte[1]), NDJSON);

    assertThat(sink.destination()).isEqualTo(server.url("/").toString());
    assertThat(server.takeRequest().header("Authorization"))
        .contains(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refusedConnectionFailsWithOneLine() throws Exception {
    var url = server.url("/");
    server.close();
    var sink = HttpSink.builder(url).build();

    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(new byte[1]), NDJSON))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(url + ": cannot connect");
  }

  @Test
  void theSinkNeverClosesItsData() throws Exception {
    var closed = new boolean[1];
    InputStream data =
        new FilterInputStream(new ByteArrayInputStream(random(100))) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    HttpSink.builder(server.url("/")).build().write(data, NDJSON);

    assertThat(closed[0]).isFalse();
  }

  @Test
  void builderRejectsWhatTheClientWould() {
    var url = server.url("/");
    assertThatThrownBy(() -> HttpSink.builder(java.net.URI.create("ftp://host/x")))
        .hasMessage("not an http or https URL: ftp://host/x");
    assertThatThrownBy(() -> HttpSink.builder(url).method("GET"))
        .hasMessage("HTTP method must be POST or PUT: GET");
    assertThatThrownBy(() -> HttpSink.builder(url).header("Content-Length", "5"))
        .hasMessage("header Content-Length is set by the HTTP client and cannot be given");
    assertThatThrownBy(() -> HttpSink.builder(url).header("Bad Name", "v"))
        .hasMessage("not a valid header name: \"Bad Name\"");
    assertThatThrownBy(() -> HttpSink.builder(url).header("X-Token", "a\r\nb"))
        .hasMessage("header X-Token: the value has a line break");
  }

  static IOException catchIo(ThrowingCall call) {
    try {
      call.run();
    } catch (IOException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected an IOException", e);
    }
    throw new AssertionError("expected an IOException, nothing was thrown");
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  /** A reader fed by a producer writing {@code bytes} in pieces of awkward, varying sizes. */
  static PipeReader produceInPieces(byte[] bytes) {
    return Pipe.produce(
        out -> {
          int at = 0;
          int step = 1;
          while (at < bytes.length) {
            int n = Math.min(step, bytes.length - at);
            out.write(bytes, at, n);
            at += n;
            step = step * 3 % 100_003 + 1;
          }
        });
  }

  static byte[] random(int size) {
    var bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static byte[] sample(Format format, int rows) {
    var text = new StringBuilder();
    if (format == Format.CSV) {
      text.append("id,name\r\n");
    } else if (format == Format.JSON) {
      text.append('[');
    }
    for (int i = 0; i < rows; i++) {
      switch (format) {
        case NDJSON ->
            text.append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\"}\n");
        case CSV -> text.append(i).append(",n").append(i).append("\r\n");
        case JSON -> text.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append('}');
      }
    }
    if (format == Format.JSON) {
      text.append("]\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static OutputStream compress(OutputStream out, Compression compression)
      throws IOException {
    return switch (compression) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out);
      case ZSTD -> new ZstdOutputStream(out);
    };
  }

  private static byte[] decompress(byte[] bytes, Compression compression) throws IOException {
    var in = new ByteArrayInputStream(bytes);
    try (InputStream decoded =
        switch (compression) {
          case NONE -> in;
          case GZIP -> new GZIPInputStream(in);
          case ZSTD -> new ZstdInputStream(in);
        }) {
      return decoded.readAllBytes();
    }
  }
}
