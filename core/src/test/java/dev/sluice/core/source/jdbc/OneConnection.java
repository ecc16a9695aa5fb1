package dev.sluice.core.source.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** The server side of a socket test: one connection accepted, a script run on it, then closed. */
final class OneConnection {
  private OneConnection() {}

  /** What the server does with the connection. */
  interface Script {
    void run(Socket socket) throws IOException, InterruptedException;
  }

  /** A thread that accepts one connection on {@code server}, runs the script and closes it. */
  static Thread serve(ServerSocket server, Script script) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try (Socket s = server.accept()) {
                script.run(s);
              } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
              }
            });
  }
}
