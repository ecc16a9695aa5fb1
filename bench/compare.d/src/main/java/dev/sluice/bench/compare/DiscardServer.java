package dev.sluice.bench.compare;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The HTTP endpoint `bench/compare` exports to: accepts any request on loopback, reads the body to
 * its end and drops it, then answers 200 with {@code {"bytes":N}}. A body cut off before its end
 * (no final chunk) is answered 400, so a failed export never looks like a success.
 *
 * <p>Usage: {@code DiscardServer [port]} (0 or nothing: a free port). Prints {@code listening PORT}
 * on stdout once it accepts requests, and exits when its stdin closes, so it never outlives the
 * harness that started it.
 */
public final class DiscardServer {
  private DiscardServer() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    HttpServer server = HttpServer.create(address, 16);
    server.createContext("/", DiscardServer::discard);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    System.out.println("listening " + server.getAddress().getPort());
    System.out.flush();
    // Stop when the harness goes away, whichever way it goes.
    while (System.in.read() != -1) {
      // Nothing is expected on stdin; it is only watched for its end.
    }
    server.stop(0);
    System.exit(0);
  }

  private static void discard(HttpExchange exchange) throws IOException {
    long bytes = 0;
    byte[] buffer = new byte[64 * 1024];
    int status = 200;
    try (InputStream body = exchange.getRequestBody()) {
      for (int n; (n = body.read(buffer)) != -1; ) {
        bytes += n;
      }
    } catch (IOException e) {
      status = 400;
    }
    byte[] answer = ("{\"bytes\":" + bytes + "}\n").getBytes(StandardCharsets.UTF_8);
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    } finally {
      exchange.close();
    }
  }
}
