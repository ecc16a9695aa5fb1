package dev.sluice.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault-injecting HTTP/1.1 proxy in front of S3Proxy, on loopback. It relays each request and its
 * response byte for byte (so SigV4 signatures stay valid) and counts the requests a rule matches;
 * the chosen ones fail instead: the connection dropped or reset, a 500 answer, or the answer
 * delayed. The faults act at the seam a real network fails at; the server behind is real.
 */
final class FaultProxy implements AutoCloseable {
  enum Fault {
    /** Close the connection without an answer, after reading the request. */
    DROP,
    /** Reset the connection (RST) halfway through the request body. */
    RESET,
    /** Answer 500 InternalError without passing the request on. */
    ERROR_500,
    /** Pass the request on, then hold the answer back for the delay. */
    DELAY
  }

  /** The request line of an UploadPart: a PUT with a part number. */
  static final Predicate<String> UPLOAD_PART =
      line -> line.startsWith("PUT ") && line.contains("partNumber=");

  /** The request line of an AbortMultipartUpload: a DELETE with an upload id. */
  static final Predicate<String> ABORT =
      line -> line.startsWith("DELETE ") && line.contains("uploadId=");

  /** The request line of a CompleteMultipartUpload: a POST with an upload id. */
  static final Predicate<String> COMPLETE =
      line -> line.startsWith("POST ") && line.contains("uploadId=");

  private final int upstreamPort;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger matched = new AtomicInteger();
  private volatile Predicate<String> rule = line -> false;
  private volatile int first = Integer.MAX_VALUE;
  private volatile int last = Integer.MAX_VALUE;
  private volatile Fault fault = Fault.ERROR_500;
  private volatile Duration delay = Duration.ZERO;

  FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofPlatform().daemon().name("fault-proxy").start(this::accept);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * Fails the requests matching {@code rule} from the {@code first}th (counting from 1) to the
   * {@code last}th with {@code fault}; use {@link Integer#MAX_VALUE} for "every one after".
   */
  FaultProxy fail(Predicate<String> rule, int first, int last, Fault fault) {
    this.matched.set(0);
    this.rule = rule;
    this.first = first;
    this.last = last;
    this.fault = fault;
    return this;
  }

  FaultProxy delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** How many requests matched the rule, failed or not. */
  int matched() {
    return matched.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread.ofVirtual().start(() -> relay(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        var upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      sockets.add(upstream);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      InputStream upIn = upstream.getInputStream();
      OutputStream upOut = upstream.getOutputStream();
      while (true) {
        Head request = Head.read(in);
        if (request == null) {
          return;
        }
        Fault f = null;
        if (rule.test(request.firstLine)) {
          int n = matched.incrementAndGet();
          if (n >= first && n <= last) {
            f = fault;
          }
        }
        if (request.expectContinue()) {
          // Answer the client's Expect ourselves so its body arrives; the server's own 100 is
          // skipped below.
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        if (f == Fault.RESET) {
          copy(in, OutputStream.nullOutputStream(), request.contentLength() / 2);
          client.setSoLinger(true, 0);
          return;
        }
        if (f == Fault.DROP) {
          copy(in, OutputStream.nullOutputStream(), request.contentLength());
          return;
        }
        if (f == Fault.ERROR_500) {
          copy(in, OutputStream.nullOutputStream(), request.contentLength());
          byte[] body =
              ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError"
                      + "</Code><Message>injected by FaultProxy</Message></Error>")
                  .getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\n"
                      + "Content-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          continue;
        }
        upOut.write(request.bytes);
        copy(in, upOut, request.contentLength());
        upOut.flush();
        Head response;
        do {
          response = Head.read(upIn);
          if (response == null) {
            return;
          }
        } while (response.firstLine.contains(" 100 "));
        var answer = new ByteArrayOutputStream();
        answer.write(response.bytes);
        boolean noBody =
            request.firstLine.startsWith("HEAD ")
                || response.firstLine.contains(" 204 ")
                || response.firstLine.contains(" 304 ");
        if (!noBody) {
          if (response.chunked()) {
            copyChunked(upIn, answer);
          } else {
            copy(upIn, answer, response.contentLength());
          }
        }
        if (f == Fault.DELAY) {
          Thread.sleep(delay);
        }
        answer.writeTo(out);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // The client or the server went away: so does this connection.
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    var buffer = new byte[64 * 1024];
    while (n > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
      if (read < 0) {
        throw new IOException("unexpected end of stream");
      }
      out.write(buffer, 0, read);
      n -= read;
    }
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String line = Head.line(in);
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      int semicolon = line.indexOf(';');
      long size = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        // Trailers, then the empty line.
        while (true) {
          String trailer = Head.line(in);
          out.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
          if (trailer.isEmpty()) {
            return;
          }
        }
      }
      copy(in, out, size + 2);
    }
  }

  /** A request or response head: its lines as received, and the raw bytes to relay. */
  private record Head(String firstLine, String text, byte[] bytes) {
    static Head read(InputStream in) throws IOException {
      var raw = new ByteArrayOutputStream();
      int b;
      int matchedEnd = 0;
      while ((b = in.read()) >= 0) {
        raw.write(b);
        matchedEnd =
            (b == (matchedEnd % 2 == 0 ? '\r' : '\n')) ? matchedEnd + 1 : (b == '\r' ? 1 : 0);
        if (matchedEnd == 4) {
          byte[] bytes = raw.toByteArray();
          String text = new String(bytes, StandardCharsets.ISO_8859_1);
          return new Head(text.substring(0, text.indexOf("\r\n")), text, bytes);
        }
      }
      return null;
    }

    static String line(InputStream in) throws IOException {
      var raw = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          String s = raw.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        raw.write(b);
      }
      throw new IOException("unexpected end of stream");
    }

    String header(String name) {
      for (String line : text.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    long contentLength() {
      String value = header("Content-Length");
      return value == null ? 0 : Long.parseLong(value);
    }

    boolean chunked() {
      String value = header("Transfer-Encoding");
      return value != null && value.toLowerCase(Locale.ROOT).contains("chunked");
    }

    boolean expectContinue() {
      String value = header("Expect");
      return value != null && value.equalsIgnoreCase("100-continue");
    }
  }
}
