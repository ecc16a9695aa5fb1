package dev.sluice.core.source.jdbc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The sockets of PostgreSQL connections (pgjdbc's {@code socketFactory}), whose input is read
 * through a 64 KiB buffer. pgjdbc reads the socket 8 KiB at a time, its buffer's size, and an
 * export of COPY's output made a system call per 8 KiB.
 */
public final class PgSocketFactory extends SocketFactory {
  static final int BUFFER = 64 * 1024;

  @Override
  public Socket createSocket() {
    return new Buffered();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  /** A buffered socket bound to {@code local} (any address when null) and connected. */
  private static Socket connected(InetSocketAddress remote, InetSocketAddress local)
      throws IOException {
    var s = new Buffered();
    try {
      if (local != null) {
        s.bind(local);
      }
      s.connect(remote);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** A socket whose input stream is buffered. */
  private static final class Buffered extends Socket {
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new BufferedInputStream(super.getInputStream(), BUFFER);
      }
      return in;
    }
  }
}
