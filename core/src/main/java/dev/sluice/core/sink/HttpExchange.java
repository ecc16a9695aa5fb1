package dev.sluice.core.sink;

import dev.sluice.core.text.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One request of {@link HttpSink} in flight: waits for its response while the body streams, and
 * turns what happened into a receipt or an {@link IOException} with a one-line message that names
 * the destination, what failed, and how many bytes of the body were sent. Secrets in a quoted
 * response are masked.
 */
final class HttpExchange {
  /** How much of an error response is read for the message. */
  private static final int EXCERPT_BYTES = 8 * 1024;

  /** How many lines of an error response the message quotes. */
  private static final int EXCERPT_LINES = 3;

  private final String destination;
  private final Redaction redaction;
  private final Duration connectTimeout;
  private final Duration stallTimeout;

  HttpExchange(
      String destination, Redaction redaction, Duration connectTimeout, Duration stallTimeout) {
    this.destination = destination;
    this.redaction = redaction;
    this.connectTimeout = connectTimeout;
    this.stallTimeout = stallTimeout;
  }

  /**
   * Waits for {@code response} while {@code streaming} sends the body, then returns the receipt of
   * a 2xx, whose body goes to {@code responseTo} (if not null), or throws.
   */
  HttpReceipt complete(
      CompletableFuture<HttpResponse<InputStream>> response,
      StreamingBody streaming,
      boolean chunked,
      OutputStream responseTo)
      throws IOException {
    var answered = await(response, streaming);
    try (var body = answered.body()) {
      return receipt(answered, body, streaming.bytesSent(), chunked, responseTo);
    }
  }

  /**
   * Waits for the response while the body is sent; fails at once when the body fails (the producer
   * failed or the server stalled) or the exchange fails (the server closed the connection).
   */
  private HttpResponse<InputStream> await(
      CompletableFuture<HttpResponse<InputStream>> response, StreamingBody streaming)
      throws IOException {
    try {
      try {
        CompletableFuture.anyOf(response, streaming.done()).get();
      } catch (ExecutionException e) {
        // Either side failed; which one is sorted out below.
      }
      if (streaming.done().isCompletedExceptionally()) {
        response.cancel(true);
        throw bodyFailure(streaming);
      }
      if (!response.isDone()) {
        // The whole body is sent; the server has the stall timeout to start its answer.
        response.get(stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      return response.get();
    } catch (ExecutionException e) {
      if (streaming.done().isCompletedExceptionally()) {
        throw bodyFailure(streaming);
      }
      throw exchangeFailure(e.getCause(), streaming.bytesSent());
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new IOException(
          destination
              + ": no response "
              + seconds(stallTimeout)
              + " s after the whole body ("
              + streaming.bytesSent()
              + " bytes) was sent"
              + " (stall timeout)");
    } catch (CancellationException e) {
      throw exchangeFailure(e, streaming.bytesSent());
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      var interrupted =
          new InterruptedIOException(
              destination
                  + ": interrupted after "
                  + streaming.bytesSent()
                  + " bytes of the body were sent");
      interrupted.bytesTransferred = (int) Math.min(Integer.MAX_VALUE, streaming.bytesSent());
      throw interrupted;
    }
  }

  private IOException bodyFailure(StreamingBody streaming) {
    var readError = streaming.readError();
    if (readError != null) {
      // Keep the producer's error as the cause, as Sink promises.
      var cause = readError.getCause() != null ? readError.getCause() : readError;
      return new IOException(
          destination
              + ": request aborted after "
              + streaming.bytesSent()
              + " bytes of the body, without its end: "
              + readError.getMessage(),
          cause);
    }
    return new IOException(
        destination
            + ": no progress sending the body for "
            + seconds(stallTimeout)
            + " s after "
            + streaming.bytesSent()
            + " bytes were sent (stall timeout); the server stopped reading");
  }

  private IOException exchangeFailure(Throwable cause, long bytesSent) {
    String what;
    if (cause instanceof HttpConnectTimeoutException) {
      what = "connect timed out after " + seconds(connectTimeout) + " s";
    } else if (cause instanceof ConnectException) {
      what = "cannot connect: " + message(cause);
    } else if (cause instanceof SSLException) {
      what = "TLS failed: " + message(cause);
    } else if (bytesSent == 0) {
      what = "request failed before any of the body was sent: " + message(cause);
    } else {
      what =
          "connection failed after "
              + bytesSent
              + " bytes of the body were sent: "
              + message(cause);
    }
    return new IOException(destination + ": " + what, cause);
  }

  private HttpReceipt receipt(
      HttpResponse<InputStream> response,
      InputStream body,
      long bytesSent,
      boolean chunked,
      OutputStream responseTo)
      throws IOException {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (responseTo != null) {
        body.transferTo(responseTo);
        responseTo.flush();
      }
      var http2 = response.version() == HttpClient.Version.HTTP_2;
      return new HttpReceipt(
          destination,
          bytesSent,
          status,
          http2 ? "HTTP/2" : "HTTP/1.1",
          chunked ? HttpReceipt.Transfer.CHUNKED : HttpReceipt.Transfer.CONTENT_LENGTH);
    }
    var prefix =
        destination
            + ": the server answered HTTP "
            + status
            + " after "
            + bytesSent
            + " bytes were sent";
    if (status >= 300 && status < 400) {
      var location = response.headers().firstValue("Location").orElse("(no Location header)");
      throw new IOException(
          prefix
              + ": a redirect to "
              + redaction.mask(location)
              + "; redirects are not followed because a streamed body cannot be replayed,"
              + " export to that URL instead");
    }
    var message = new StringBuilder(prefix);
    var excerpt = excerpt(body);
    if (!excerpt.isEmpty()) {
      message.append(": ").append(redaction.mask(excerpt));
    }
    if (chunked && (status == 411 || status == 501)) {
      message
          .append(" (the server refuses chunked bodies: use --http-buffer disk to send a")
          .append(" Content-Length)");
    }
    throw new IOException(message.toString());
  }

  /** The first lines of an error response, on one line. */
  private static String excerpt(InputStream body) {
    byte[] bytes;
    try {
      bytes = body.readNBytes(EXCERPT_BYTES);
    } catch (IOException e) {
      return "";
    }
    var lines = new ArrayList<String>();
    for (var line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      var trimmed = line.strip();
      if (!trimmed.isEmpty() && lines.size() < EXCERPT_LINES) {
        lines.add(trimmed.length() > 200 ? trimmed.substring(0, 200) + "..." : trimmed);
      }
    }
    return String.join(" | ", lines);
  }

  static String message(Throwable t) {
    var m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.replace('\n', ' ');
  }

  private static long seconds(Duration d) {
    return Math.max(1, d.toSeconds());
  }
}
