package dev.sluice.cli;

import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.HttpSink;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.text.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of an {@code http://} or {@code https://} destination, and the {@link HttpSink} they
 * make. Header values from {@code --header-file} and {@code SLUICE_HTTP_HEADERS} are secrets: they
 * join the command's {@link Secrets}, so no message ever shows them; so do the values of {@code
 * --header}s named like credentials (Authorization, anything with token or key in its name).
 */
final class HttpOptions {
  /** Header lines ("Name: value", one a line) taken from the environment, as secrets. */
  static final String HEADERS_ENV = "SLUICE_HTTP_HEADERS";

  @Option(
      names = "--http-method",
      paramLabel = "POST|PUT",
      description = "Request method for an http(s) destination (default: POST).")
  String method;

  @Option(
      names = "--header",
      paramLabel = "'Name: value'",
      description =
          "Add a request header; repeatable. For secrets prefer --header-file or "
              + HEADERS_ENV
              + ", which keep them off the command line.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--header-file",
      paramLabel = "<file>",
      description =
          "Add the headers in this file, 'Name: value' a line (# comments); values are"
              + " never shown.")
  Path headerFile;

  @Option(
      names = "--ca-cert",
      paramLabel = "<file>",
      description =
          "Trust only the CA certificates in this PEM file for https (default: the"
              + " JVM's trust store).")
  Path caCert;

  @Option(
      names = "--http-buffer",
      paramLabel = "stream|disk",
      description =
          "disk: spool the whole body to a temp file, then send it with a"
              + " Content-Length, for servers that refuse chunked bodies (needs disk space for the"
              + " whole export; default: stream).")
  String buffer;

  @Option(
      names = "--response-to",
      paramLabel = "<file>",
      description =
          "Write the body of the server's 2xx response here (default: stdout, or"
              + " nowhere with --quiet).")
  Path responseTo;

  @Option(
      names = "--connect-timeout",
      paramLabel = "<seconds>",
      converter = Seconds.class,
      description = "Time to connect, TLS included (default: 10).")
  Duration connectTimeout;

  @Option(
      names = "--stall-timeout",
      paramLabel = "<seconds>",
      converter = Seconds.class,
      description =
          "Fail when the server takes no bytes of the body, or sends no response once"
              + " the body is sent, for this long (default: 60).")
  Duration stallTimeout;

  /** Fails if any HTTP option was given for a destination that is not HTTP. */
  void rejectFor(String to) {
    var given = new ArrayList<String>();
    if (method != null) {
      given.add("--http-method");
    }
    if (!headers.isEmpty()) {
      given.add("--header");
    }
    if (headerFile != null) {
      given.add("--header-file");
    }
    if (caCert != null) {
      given.add("--ca-cert");
    }
    if (buffer != null) {
      given.add("--http-buffer");
    }
    if (responseTo != null) {
      given.add("--response-to");
    }
    if (connectTimeout != null) {
      given.add("--connect-timeout");
    }
    if (stallTimeout != null) {
      given.add("--stall-timeout");
    }
    if (!given.isEmpty()) {
      throw new UsageException(
          String.join(", ", given)
              + " applies to http(s):// destinations"
              + " only, not --to "
              + (to == null ? "-" : Secrets.url(to)));
    }
  }

  /**
   * The sink for {@code to}. The response goes to {@code --response-to}, else to stdout unless
   * {@code quiet}.
   *
   * @throws UsageException for a bad URL, header, CA file or option value
   */
  Sink sink(String to, Shell shell, Secrets secrets, boolean quiet) {
    URI url;
    try {
      url = new URI(to);
    } catch (java.net.URISyntaxException e) {
      throw new UsageException("--to: not a valid URL: " + e.getReason());
    }
    HttpSink.Builder b;
    try {
      b = HttpSink.builder(url);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--to: " + e.getMessage(), e);
    }
    if (url.getRawUserInfo() != null) {
      secrets.add(url.getRawUserInfo().toCharArray());
    }
    try {
      if (method != null) {
        b.method(method);
      }
      for (var header : headers) {
        var h = split(header, "--header");
        if (Redaction.looksSecret(h[0])) {
          secrets.add(h[1].toCharArray());
        }
        b.header(h[0], h[1]);
      }
      if (headerFile != null) {
        addSecretHeaders(b, read(headerFile), "--header-file " + headerFile, secrets);
      }
      var fromEnv = shell.env().get(HEADERS_ENV);
      if (fromEnv != null && !fromEnv.isBlank()) {
        addSecretHeaders(b, fromEnv, HEADERS_ENV, secrets);
      }
      if (connectTimeout != null) {
        b.connectTimeout(connectTimeout);
      }
      if (stallTimeout != null) {
        b.stallTimeout(stallTimeout);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    if (buffer != null) {
      switch (buffer.toLowerCase(Locale.ROOT)) {
        case "stream" -> {}
        case "disk" -> b.bufferOnDisk(Path.of(System.getProperty("java.io.tmpdir")));
        default -> throw new UsageException("--http-buffer must be stream or disk: " + buffer);
      }
    }
    if (caCert != null) {
      try {
        b.caCertificate(caCert);
      } catch (IOException e) {
        throw new UsageException("--ca-cert " + e.getMessage(), e);
      }
    }
    if (responseTo != null) {
      var file = new ResponseFile(responseTo);
      return new ResponseFileSink(b.responseTo(file).build(), file);
    }
    return b.responseTo(quiet ? null : shell.out()).build();
  }

  private static void addSecretHeaders(
      HttpSink.Builder b, String lines, String where, Secrets secrets) {
    int number = 0;
    for (var line : lines.split("\\R")) {
      number++;
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      var h = split(line, where + ": line " + number);
      secrets.add(h[1].toCharArray());
      b.secretHeader(h[0], h[1]);
    }
  }

  /** {@code "Name: value"} as name and value; the message never shows the value. */
  private static String[] split(String header, String where) {
    int colon = header.indexOf(':');
    if (colon <= 0) {
      throw new UsageException(where + ": expected 'Name: value'");
    }
    return new String[] {header.substring(0, colon).strip(), header.substring(colon + 1).strip()};
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("--header-file " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException("--header-file " + file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Whole seconds, at least 1. */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        long seconds = Long.parseLong(value.strip());
        if (seconds >= 1) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        // Reported below.
      }
      throw new TypeConversionException("'" + value + "' is not a whole number of seconds >= 1");
    }
  }

  /**
   * The {@code --response-to} file, created at the first byte or flush of a 2xx response, so that a
   * failed export leaves no response file behind.
   */
  private static final class ResponseFile extends OutputStream {
    private final Path path;
    private OutputStream out;

    ResponseFile(Path path) {
      this.path = path;
    }

    private OutputStream out() throws IOException {
      if (out == null) {
        out = Files.newOutputStream(path);
      }
      return out;
    }

    @Override
    public void write(int b) throws IOException {
      out().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out().flush();
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }

  /** The HTTP sink, closing the response file when the request is over. */
  private record ResponseFileSink(HttpSink http, ResponseFile file) implements Sink {
    @Override
    public String destination() {
      return http.destination();
    }

    @Override
    public void check() throws IOException {
      var dir = file.path.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        throw new IOException("--response-to " + file.path + ": no such directory " + dir);
      }
      http.check();
    }

    @Override
    public Receipt write(InputStream data, ContentType contentType) throws IOException {
      try (file) {
        return http.write(data, contentType);
      }
    }
  }
}
