package dev.sluice.core.sink;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A raw HTTP/1.1 server on loopback for tests, after OkHttp's MockWebServer: it parses requests
 * itself, from the socket's bytes, so a test sees exactly what arrived: the request line, the
 * headers, the body's framing (chunked or Content-Length), each chunk, and whether the terminating
 * zero-length chunk came or the body was cut off. Each connection takes the next {@link Script}
 * (answer, answer before reading the body, close after N body bytes, stop reading); with none
 * queued it answers 200 after reading the whole body. Every connection closes after one request.
 *
 * <p>Close it (try-with-resources): that closes the listening socket and every open connection.
 */
public final class RawHttpServer implements AutoCloseable {
  private final ServerSocket server;
  private final boolean tls;
  private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean discardBodies;

  private RawHttpServer(ServerSocket server, boolean tls) {
    this.server = server;
    this.tls = tls;
    this.acceptor = Thread.ofPlatform().daemon().name("raw-http-accept").start(this::accept);
  }

  /** A plain HTTP server on 127.0.0.1 and a free port. */
  public static RawHttpServer start() throws IOException {
    return new RawHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false);
  }

  /** An HTTPS server on 127.0.0.1 presenting the key and certificate of {@code context}. */
  public static RawHttpServer startTls(SSLContext context) throws IOException {
    var socket =
        context
            .getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new RawHttpServer(socket, true);
  }

  /** Counts and hashes bodies instead of keeping them, for large transfers. */
  public RawHttpServer discardBodies() {
    this.discardBodies = true;
    return this;
  }

  public URI url(String path) {
    return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort() + path);
  }

  public void enqueue(Script script) {
    scripts.add(script);
  }

  /** The next request whose body ended (completely or not), waiting up to 10 seconds. */
  public RecordedRequest takeRequest() throws InterruptedException {
    var request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request arrived within 10 s");
    }
    return request;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (var socket : open) {
      socket.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      open.add(socket);
      var script = Optional.ofNullable(scripts.poll()).orElse(Script.respond(200, "ok\n"));
      Thread.ofPlatform().daemon().name("raw-http-conn").start(() -> serve(socket, script));
    }
  }

  private void serve(Socket socket, Script script) {
    var recorder = new Recorder();
    try (socket) {
      var in = socket.getInputStream();
      var out = socket.getOutputStream();
      recorder.requestLine = readLine(in);
      for (var line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        recorder.headers.add(line);
      }
      var request = recorder.partial();
      if (script.kind == Kind.STOP_READING) {
        requests.add(request.endedWith("not read"));
        // Hold the connection, unread, until the server closes.
        while (!server.isClosed()) {
          Thread.sleep(20);
        }
        return;
      }
      if (script.kind == Kind.RESPOND_BEFORE_BODY) {
        respond(out, script);
        requests.add(request.endedWith("not read"));
        linger(socket, in);
        return;
      }
      try {
        readBody(in, request, recorder, script.closeAfterBytes);
      } catch (CutOff e) {
        socket.setSoLinger(true, 0);
        requests.add(recorder.done("closed by the server"));
        return;
      } catch (IOException e) {
        requests.add(recorder.done("error: " + e));
        return;
      }
      respond(out, script);
      requests.add(recorder.done("complete"));
    } catch (IOException | InterruptedException e) {
      if (recorder.requestLine != null) {
        requests.add(recorder.done("error: " + e));
      }
    } finally {
      open.remove(socket);
    }
  }

  /**
   * Reads and drops what the client still sends, for at most a second, then lets the socket close.
   * Closing with unread bytes would reset the connection at once, and the reset can destroy the
   * answer before the client reads it; careful servers linger this way, for a bounded time.
   */
  private static void linger(Socket socket, InputStream in) {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout(1_000);
      long deadline = System.nanoTime() + 1_000_000_000L;
      var buffer = new byte[64 * 1024];
      while (System.nanoTime() < deadline && in.read(buffer) >= 0) {
        // Dropped.
      }
    } catch (IOException e) {
      // The client went away or went quiet: nothing left to linger for.
    }
  }

  private void readBody(InputStream in, RecordedRequest head, Recorder recorder, long cutAt)
      throws IOException {
    var length = head.header("Content-Length");
    if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding").orElse(""))) {
      recorder.chunked = true;
      while (true) {
        var sizeLine = readLine(in);
        recorder.raw(sizeLine + "\r\n");
        int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
        if (size == 0) {
          for (var line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            recorder.raw(line + "\r\n");
          }
          recorder.raw("\r\n");
          return;
        }
        recorder.chunkSizes.add(size);
        copy(in, size, recorder, cutAt);
        var end = readLine(in);
        if (!end.isEmpty()) {
          throw new IOException("chunk not followed by CRLF: " + end);
        }
        recorder.raw("\r\n");
      }
    } else if (length.isPresent()) {
      copy(in, Long.parseLong(length.get()), recorder, cutAt);
    }
  }

  private static void copy(InputStream in, long count, Recorder recorder, long cutAt)
      throws IOException {
    var buffer = new byte[64 * 1024];
    while (count > 0) {
      long room = cutAt >= 0 ? cutAt - recorder.bodyBytes : Long.MAX_VALUE;
      if (room <= 0) {
        throw new CutOff();
      }
      int n = in.read(buffer, 0, (int) Math.min(Math.min(buffer.length, count), room));
      if (n < 0) {
        throw new EOFException("connection closed " + count + " bytes before the chunk's end");
      }
      recorder.body(buffer, n);
      count -= n;
    }
  }

  private static void respond(OutputStream out, Script script) throws IOException {
    var body = script.body.getBytes(StandardCharsets.UTF_8);
    var head =
        new StringBuilder("HTTP/1.1 ")
            .append(script.status)
            .append(' ')
            .append(reason(script.status))
            .append("\r\n");
    for (var header : script.headers) {
      head.append(header).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 302 -> "Found";
      case 411 -> "Length Required";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      default -> "Status";
    };
  }

  private static String readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed in a line: " + line);
      }
      if (b == '\n') {
        var s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
  }

  /** The server cut the connection as scripted. */
  private static final class CutOff extends IOException {}

  private enum Kind {
    RESPOND,
    RESPOND_BEFORE_BODY,
    STOP_READING
  }

  /** What the server does with one connection. */
  public static final class Script {
    private final Kind kind;
    private final int status;
    private final String body;
    private final List<String> headers = new ArrayList<>();
    private long closeAfterBytes = -1;

    private Script(Kind kind, int status, String body) {
      this.kind = kind;
      this.status = status;
      this.body = body;
    }

    /** Reads the whole body, then answers. */
    public static Script respond(int status, String body) {
      return new Script(Kind.RESPOND, status, body);
    }

    /** Answers as soon as the headers are in, without reading the body, and closes. */
    public static Script respondBeforeBody(int status, String body) {
      return new Script(Kind.RESPOND_BEFORE_BODY, status, body);
    }

    /** Reads {@code bytes} of the body, then resets the connection. */
    public static Script closeAfter(long bytes) {
      var script = new Script(Kind.RESPOND, 200, "");
      script.closeAfterBytes = bytes;
      return script;
    }

    /** Reads the headers, then nothing more, holding the connection open. */
    public static Script stopReading() {
      return new Script(Kind.STOP_READING, 0, "");
    }

    public Script header(String name, String value) {
      headers.add(name + ": " + value);
      return this;
    }
  }

  /** Collects one request as it arrives. */
  private final class Recorder {
    String requestLine;
    final List<String> headers = new ArrayList<>();
    final List<Integer> chunkSizes = new ArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final ByteArrayOutputStream rawBody = new ByteArrayOutputStream();
    final MessageDigest sha256 = sha256();
    boolean chunked;
    long bodyBytes;

    void raw(String framing) {
      if (!discardBodies) {
        rawBody.writeBytes(framing.getBytes(StandardCharsets.ISO_8859_1));
      }
    }

    void body(byte[] bytes, int n) {
      bodyBytes += n;
      sha256.update(bytes, 0, n);
      if (!discardBodies) {
        body.write(bytes, 0, n);
        rawBody.write(bytes, 0, n);
      }
    }

    RecordedRequest partial() {
      return new RecordedRequest(
          requestLine, List.copyOf(headers), false, List.of(), new byte[0], new byte[0], 0, "", "");
    }

    RecordedRequest done(String end) {
      return new RecordedRequest(
          requestLine,
          List.copyOf(headers),
          chunked,
          List.copyOf(chunkSizes),
          body.toByteArray(),
          rawBody.toByteArray(),
          bodyBytes,
          HexFormat.of().formatHex(sha256.digest()),
          end);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * One request as it arrived. {@code end} is {@code "complete"} when the body ended properly (for
   * a chunked body: the zero-length chunk and the blank line after it came), {@code "not read"}
   * when the script did not read it, {@code "closed by the server"} when the script cut it, or
   * {@code "error: ..."} when the connection failed or closed in the middle.
   */
  public record RecordedRequest(
      String requestLine,
      List<String> headers,
      boolean chunked,
      List<Integer> chunkSizes,
      byte[] body,
      byte[] rawBody,
      long bodyBytes,
      String sha256,
      String end) {
    public String method() {
      return requestLine.split(" ", 2)[0];
    }

    public String path() {
      return requestLine.split(" ", 3)[1];
    }

    /** The first value of header {@code name}, case-insensitive. */
    public Optional<String> header(String name) {
      var prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip())
          .findFirst();
    }

    public boolean complete() {
      return end.equals("complete");
    }

    RecordedRequest endedWith(String how) {
      return new RecordedRequest(
          requestLine, headers, chunked, chunkSizes, body, rawBody, bodyBytes, sha256, how);
    }
  }
}
