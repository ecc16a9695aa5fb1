package dev.sluice.core.sink;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.core.text.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Sends an export as the body of one HTTP request, as it is produced: the {@code curl -T -} of
 * Sluice, on {@link HttpClient}.
 *
 * <p>The body has no known length, so it goes out with HTTP/1.1 chunked transfer encoding (or as an
 * HTTP/2 stream where a server offers HTTP/2 over TLS), one chunk per read of the export's stream:
 * the sink holds at most two 64 KiB chunks (one read ahead, one in the client), and a slow server
 * slows the query. Content-Type comes from the format and Content-Encoding from the compression.
 * POST by default, or PUT. HTTPS checks the server against the JVM's trust store, or against only
 * the CA of {@link Builder#caCertificate}; there is no mode that skips the check. Redirects are not
 * followed, since the body cannot be replayed: a 3xx is an error that names the Location.
 *
 * <p>A 2xx response is success: its body is copied to the stream given to {@link
 * Builder#responseTo} (stdout for the command line), and its status lands in the receipt's {@code
 * status} detail. Any other status is an {@link IOException} with the status and the first lines of
 * the response body. HttpClient reads the response of an HTTP/1.1 request only once the body is
 * sent, so a server that refuses a body early (401, 413) is heard when the body ends, or sooner as
 * a reset connection when the server stops reading and closes it.
 *
 * <p>For servers that refuse a chunked body (411 Length Required, or a 501 such as Werkzeug's),
 * {@link Builder#bufferOnDisk} first spools the whole body to a temporary file, then sends it with
 * a Content-Length. That mode needs disk space for the whole export: it is the one mode that is not
 * constant-space.
 *
 * <p>Header values never appear in messages: values of headers given as secret, or named like a
 * credential (Authorization, Cookie, anything with token, key, secret, auth, password or session in
 * its name), are masked in the response excerpts that errors quote, and the destination shows the
 * URL without user info and with credential-like query values masked.
 *
 * <h2>Timeouts</h2>
 *
 * The connect timeout bounds connecting and the TLS handshake. The stall timeout fails the export
 * when the server takes no bytes of the body for that long (it stopped reading and the socket
 * buffers are full), and when no response starts within that long after the last byte was sent. A
 * slow query is not a stall: the sink waits for the export's stream as long as it takes.
 *
 * <h2>On failure</h2>
 *
 * When the export's stream throws (the query failed halfway, the export was cancelled), the request
 * is aborted: the connection is closed without the final zero-length chunk, so the server never
 * receives a complete request, and {@link #write} throws with the producer's error as the cause.
 * When the server fails, closes the connection, stalls or answers with an error, {@link #write}
 * throws at once, so the query stops through the pipe, and the message says how many bytes of the
 * body were sent. Either way a server that processes the body as it arrives may already have
 * processed the rows it received: HTTP has no way to take them back. With {@link
 * Builder#bufferOnDisk}, a failed query sends nothing, and the temporary file is deleted on every
 * path.
 */
public final class HttpSink implements Sink {
  private final URI uri;
  private final String destination;
  private final String method;
  private final List<String[]> headers;
  private final Redaction redaction;
  private final SSLContext sslContext;
  private final Path bufferDirectory;
  private final OutputStream responseTo;
  private final Duration connectTimeout;
  private final Duration stallTimeout;

  private HttpSink(Builder b) {
    this.redaction = Redaction.of(b.secrets);
    this.uri = b.uri;
    this.destination = redaction.mask(Redaction.url(b.uri));
    this.method = b.method;
    this.headers = List.copyOf(b.headers);
    this.sslContext = b.sslContext;
    this.bufferDirectory = b.bufferDirectory;
    this.responseTo = b.responseTo;
    this.connectTimeout = b.connectTimeout;
    this.stallTimeout = b.stallTimeout;
  }

  /** A builder for a request to {@code url}, an {@code http} or {@code https} URL. */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public String destination() {
    return destination;
  }

  /** Checks that the disk buffer's directory, if any, is a writable directory. */
  @Override
  public void check() throws IOException {
    if (bufferDirectory != null
        && !(Files.isDirectory(bufferDirectory) && Files.isWritable(bufferDirectory))) {
      throw new IOException(
          destination
              + ": cannot buffer the body in "
              + bufferDirectory
              + ": not a writable directory");
    }
  }

  @Override
  public HttpReceipt write(InputStream data, ContentType contentType) throws IOException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(contentType, "contentType");
    if (bufferDirectory == null) {
      return send(data, -1, contentType);
    }
    var spool = Files.createTempFile(bufferDirectory, "sluice-http-", ".body");
    try {
      spool(data, spool);
      try (var in = Files.newInputStream(spool)) {
        return send(in, Files.size(spool), contentType);
      }
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  /** Copies {@code data} to {@code file}, telling a failed producer from a failed disk. */
  private void spool(InputStream data, Path file) throws IOException {
    var buffer = new byte[StreamingBody.BUFFER_SIZE];
    long total = 0;
    try (var out = Files.newOutputStream(file)) {
      while (true) {
        int n;
        try {
          n = data.read(buffer);
        } catch (IOException e) {
          var cause = e.getCause() != null ? e.getCause() : e;
          throw new IOException(
              destination
                  + ": export failed after "
                  + total
                  + " bytes were buffered to disk; nothing was sent: "
                  + e.getMessage(),
              cause);
        }
        if (n < 0) {
          return;
        }
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          throw new IOException(
              destination
                  + ": buffering the body to "
                  + file
                  + " failed after "
                  + total
                  + " bytes: "
                  + HttpExchange.message(e),
              e);
        }
        total += n;
      }
    }
  }

  /** Sends {@code body}; {@code length} is its size, or -1 to send it chunked. */
  private HttpReceipt send(InputStream body, long length, ContentType contentType)
      throws IOException {
    var streaming = new StreamingBody(body, stallTimeout.toNanos());
    var request =
        request(
            contentType,
            length < 0
                ? BodyPublishers.fromPublisher(streaming)
                : BodyPublishers.fromPublisher(streaming, length));
    var client = client();
    try {
      var exchange = new HttpExchange(destination, redaction, connectTimeout, stallTimeout);
      return exchange.complete(
          client.sendAsync(request, BodyHandlers.ofInputStream()),
          streaming,
          length < 0,
          responseTo);
    } finally {
      streaming.stop(Duration.ofSeconds(5));
      client.shutdownNow();
    }
  }

  private HttpRequest request(ContentType contentType, HttpRequest.BodyPublisher body) {
    var request = HttpRequest.newBuilder(uri).method(method, body);
    var given = new ArrayList<String>();
    for (var header : headers) {
      request.header(header[0], header[1]);
      given.add(header[0].toLowerCase(Locale.ROOT));
    }
    // A header the caller gave wins over the one the export implies.
    if (!given.contains("content-type")) {
      request.header("Content-Type", contentType.mediaType());
    }
    if (contentType.contentEncoding() != null && !given.contains("content-encoding")) {
      request.header("Content-Encoding", contentType.contentEncoding());
    }
    return request.build();
  }

  private HttpClient client() {
    var client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            // Plain http stays on HTTP/1.1: an h2c upgrade cannot carry a streamed body.
            .version(
                "https".equalsIgnoreCase(uri.getScheme())
                    ? HttpClient.Version.HTTP_2
                    : HttpClient.Version.HTTP_1_1);
    if (sslContext != null) {
      client.sslContext(sslContext);
    }
    return client.build();
  }

  /** Builds an {@link HttpSink}. */
  public static final class Builder {
    /** Headers HttpClient sets itself and refuses from callers. */
    private static final Set<String> RESERVED =
        Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "upgrade",
            "transfer-encoding",
            "te",
            "trailer");

    private final URI uri;
    private final List<String[]> headers = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private String method = "POST";
    private SSLContext sslContext;
    private Path bufferDirectory;
    private OutputStream responseTo;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration stallTimeout = Duration.ofSeconds(60);

    private Builder(URI url) {
      Objects.requireNonNull(url, "url");
      var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw new IllegalArgumentException("not an http or https URL: " + Redaction.url(url));
      }
      var userInfo = url.getRawUserInfo();
      if (userInfo != null) {
        // user:password@ in the URL means basic auth, as with curl; it is never sent in the URL.
        // A '+' in user info is itself, not a space as in a form.
        var decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), UTF_8);
        var token = Base64.getEncoder().encodeToString(decoded.getBytes(UTF_8));
        secretHeader("Authorization", "Basic " + token);
        secrets.add(decoded);
        secrets.add(decoded.substring(decoded.indexOf(':') + 1));
      }
      this.uri = Redaction.withoutUserInfo(url);
    }

    /** {@code POST} (the default) or {@code PUT}. */
    public Builder method(String method) {
      var upper = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      if (!upper.equals("POST") && !upper.equals("PUT")) {
        throw new IllegalArgumentException("HTTP method must be POST or PUT: " + method);
      }
      this.method = upper;
      return this;
    }

    /**
     * Adds a request header. Its value is masked in messages when its name looks like a credential
     * (see the class doc); use {@link #secretHeader} for any other value that is a secret.
     */
    public Builder header(String name, String value) {
      checkHeader(name, value);
      if (name.equalsIgnoreCase("Authorization")) {
        // An explicit Authorization replaces the one user info in the URL implies.
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
      }
      headers.add(new String[] {name, value});
      if (Redaction.looksSecret(name)) {
        secrets.add(value);
      }
      return this;
    }

    /** Adds a request header whose value is masked in every message. */
    public Builder secretHeader(String name, String value) {
      header(name, value);
      secrets.add(value);
      return this;
    }

    /**
     * Trusts only the CA certificates in {@code pem} (a PEM file) instead of the JVM's trust store,
     * for a server with a private CA.
     *
     * @throws IOException if the file cannot be read or holds no certificate.
     */
    public Builder caCertificate(Path pem) throws IOException {
      this.sslContext = Pem.trusting(pem);
      return this;
    }

    /** Checks the server against {@code sslContext} instead of the JVM's defaults. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * Spools the whole body to a temporary file in {@code directory} first, then sends it with a
     * Content-Length, for servers that refuse chunked bodies. Needs disk space for the whole
     * export; the file is deleted when {@link #write} returns or throws.
     */
    public Builder bufferOnDisk(Path directory) {
      this.bufferDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Where the body of a 2xx response goes; it is not closed. By default (or with null) it is
     * discarded.
     */
    public Builder responseTo(OutputStream out) {
      this.responseTo = out;
      return this;
    }

    /** How long connecting and the TLS handshake may take; 10 seconds by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * How long the server may take no bytes of the body, or take to start its response once the
     * body is sent; 60 seconds by default.
     */
    public Builder stallTimeout(Duration timeout) {
      this.stallTimeout = positive("stallTimeout", timeout);
      return this;
    }

    public HttpSink build() {
      return new HttpSink(this);
    }

    /** Rejects what HttpClient would reject later, naming the header but never its value. */
    private static void checkHeader(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException("not a valid header name: \"" + name + "\"");
      }
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header " + name + " is set by the HTTP client and cannot be given");
      }
      if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw new IllegalArgumentException("header " + name + ": the value has a line break");
      }
    }

    private static boolean isTokenChar(int c) {
      return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
