package dev.sluice.core.source.jdbc;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.SocketFactory;

/**
 * The sockets of PostgreSQL connections (pgjdbc's {@code socketFactory}), whose input is read
 * through {@link PgSocketInput}: a 256 KiB buffer (pgjdbc reads 8 KiB at a time, its buffer's size,
 * and an export of COPY's output made a system call per 8 KiB), which the export tells when the
 * server is about to stream.
 *
 * <p>pgjdbc makes a factory per connection, from the connection's properties; one whose {@link
 * #KEY} property is set can be found by it ({@link #claim}) once the connection is open, and gives
 * its connection's socket.
 */
public final class PgSocketFactory extends SocketFactory {
  static final int BUFFER = PgSocketInput.BUFFER;

  /** The connection property that names the factory for {@link #claim}. */
  static final String KEY = "sluiceSocketKey";

  private static final AtomicLong KEYS = new AtomicLong();
  private static final Map<String, PgSocketFactory> UNCLAIMED = new ConcurrentHashMap<>();

  /** The socket of the connection, the last one made before {@link #claim}; then null. */
  private volatile Buffered connection;

  private volatile boolean claimed;

  private final PgSocketInput.Waiter waiter;

  /** A factory no one can claim. */
  public PgSocketFactory() {
    this.waiter = LockSupport::parkNanos;
  }

  /** The factory of a connection with these properties (pgjdbc calls this one). */
  public PgSocketFactory(Properties info) {
    this(info, LockSupport::parkNanos);
  }

  /**
   * As {@link #PgSocketFactory(Properties)}, its sockets' inputs waiting through {@code waiter}.
   */
  PgSocketFactory(Properties info, PgSocketInput.Waiter waiter) {
    this.waiter = waiter;
    String key = info.getProperty(KEY);
    if (key != null) {
      UNCLAIMED.put(key, this);
    }
  }

  /** A new value of {@link #KEY}. */
  static String newKey() {
    return Long.toString(KEYS.incrementAndGet());
  }

  /**
   * The socket of the connection opened with {@code key} as its {@link #KEY}, once; null when no
   * factory of this class was made with it (the URL named another) or it made no socket. Called
   * after every attempt to connect with a key, whether it succeeded or not, so that no factory
   * stays registered.
   */
  static Hint claim(String key) {
    PgSocketFactory f = UNCLAIMED.remove(key);
    if (f == null) {
      return null;
    }
    f.claimed = true;
    Buffered s = f.connection;
    f.connection = null;
    return s;
  }

  /** How many factories are registered and not yet claimed (for tests). */
  static int unclaimed() {
    return UNCLAIMED.size();
  }

  @Override
  public Socket createSocket() {
    return made(new Buffered(waiter));
  }

  /** Records {@code s} as the connection's socket until the factory is claimed. */
  private Buffered made(Buffered s) {
    if (!claimed) {
      connection = s;
    }
    return s;
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
  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    var s = new Buffered(waiter);
    try {
      if (local != null) {
        s.bind(local);
      }
      s.connect(remote);
      return made(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** What the export can tell a connection's socket. */
  interface Hint {
    /**
     * The server is about to stream (COPY's output), and the client writes nothing until it ends:
     * until the next write, the socket's input waits for more when it runs nearly dry ({@link
     * PgSocketInput}).
     */
    void expectStream();
  }

  /** A socket whose input is a {@link PgSocketInput}, and whose writes end a stream. */
  private static final class Buffered extends Socket implements Hint {
    private final PgSocketInput.Waiter waiter;
    private PgSocketInput in;
    private OutputStream out;

    Buffered(PgSocketInput.Waiter waiter) {
      this.waiter = waiter;
    }

    @Override
    public void expectStream() {
      try {
        input().expectStream();
      } catch (IOException e) {
        // Not connected or closed: there is nothing to read, so nothing to wait for.
      }
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      return input();
    }

    private synchronized PgSocketInput input() throws IOException {
      if (in == null) {
        in = new PgSocketInput(super.getInputStream(), waiter);
      }
      return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        PgSocketInput input = input();
        out =
            new FilterOutputStream(super.getOutputStream()) {
              @Override
              public void write(int b) throws IOException {
                input.clientWrote();
                out.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                input.clientWrote();
                out.write(b, off, len);
              }
            };
      }
      return out;
    }
  }
}
