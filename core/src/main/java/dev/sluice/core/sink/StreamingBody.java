package dev.sluice.core.sink;

import dev.sluice.core.Uninterruptibly;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body read from a stream on a thread of its own, for {@link HttpSink}. It replaces
 * {@code BodyPublishers.ofInputStream}, which blocks the HTTP client's own threads in reads, closes
 * the stream at its end, and in older JDKs took a read error for the end of the body, which would
 * send the final chunk of a failed export.
 *
 * <p>One virtual thread reads a buffer, waits for the subscriber's demand, hands the buffer over,
 * and reads the next: at most one buffer is read ahead, and a slow connection slows the reader. At
 * the end of the stream it signals {@code onComplete}, after which the client sends the final
 * chunk. When a read throws it signals {@code onError}, so the client aborts the exchange without
 * the final chunk. When the subscriber has asked for nothing for the stall timeout while a buffer
 * waits (the server stopped reading and the socket buffers are full), it signals {@code onError}
 * with an {@link HttpTimeoutException}. {@link #done()} reports all three.
 *
 * <p>The body can be subscribed once: a streamed body cannot be replayed. It never closes the
 * stream; {@link #stop()} interrupts a read in progress and waits for the thread to end, so that
 * nothing reads the stream after the sink returns.
 */
final class StreamingBody implements Flow.Publisher<ByteBuffer> {
  /** The size of each read, and so of each chunk the client sends. */
  static final int BUFFER_SIZE = 64 * 1024;

  private final InputStream data;
  private final long stallNanos;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when {@link #demand} grows or {@link #cancelled} is set. */
  private final Condition changed = lock.newCondition();

  /** Buffers the subscriber asked for and has not received yet. Guarded by {@link #lock}. */
  private long demand;

  /** Set when the subscriber cancels or {@link #stop()} runs. Guarded by {@link #lock}. */
  private boolean cancelled;

  /** The reading thread once subscribed, or null. Guarded by {@link #lock}. */
  private Thread thread;

  /** Whether a subscriber came; a second one is refused. Guarded by {@link #lock}. */
  private boolean subscribed;

  /** Bytes handed to the subscriber. Written only by the reading thread. */
  private volatile long bytesSent;

  /** The error the stream threw, or null. Set before {@link #done} fails. */
  private volatile IOException readError;

  /** Whether the stall timeout fired. Set before {@link #done} fails. */
  private volatile boolean stalled;

  StreamingBody(InputStream data, long stallNanos) {
    this.data = data;
    this.stallNanos = stallNanos;
  }

  /**
   * Completes when the whole stream was handed to the subscriber; fails when a read threw or the
   * stall timeout fired. Never completes if the subscriber cancels first.
   */
  CompletableFuture<Void> done() {
    return done;
  }

  long bytesSent() {
    return bytesSent;
  }

  /** The error the stream threw, or null if it did not throw. */
  IOException readError() {
    return readError;
  }

  boolean stalled() {
    return stalled;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    lock.lock();
    boolean first = !subscribed;
    subscribed = true;
    lock.unlock();
    if (!first) {
      subscriber.onSubscribe(new Subscription());
      subscriber.onError(new IllegalStateException("a streamed body can be sent only once"));
      return;
    }
    subscriber.onSubscribe(new Subscription());
    lock.lock();
    try {
      if (!cancelled) {
        thread = Thread.ofVirtual().name("sluice-http-body").start(() -> pump(subscriber));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the reading thread, interrupting a read or a wait in progress, and returns when it has
   * ended (or after {@code timeout} if the stream ignores interrupts), even when the calling thread
   * is interrupted.
   */
  void stop(Duration timeout) {
    Thread t;
    lock.lock();
    try {
      cancelled = true;
      changed.signalAll();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      Uninterruptibly.join(t, timeout);
    }
  }

  private void pump(Flow.Subscriber<? super ByteBuffer> subscriber) {
    while (true) {
      var buffer = new byte[BUFFER_SIZE];
      int n;
      try {
        n = data.read(buffer);
      } catch (IOException e) {
        if (!isCancelled()) {
          readError = e;
          fail(subscriber, e);
        }
        return;
      } catch (RuntimeException e) {
        if (!isCancelled()) {
          readError = new IOException(e);
          fail(subscriber, e);
        }
        return;
      }
      if (n < 0) {
        // An empty body completes only once the client has asked for something: the JDK's
        // HTTP/1.1 exchange (25) can take an onComplete that comes before its first request for
        // a null pointer and fail the request, which Reactive Streams would allow.
        if (bytesSent == 0 && !awaitDemand(subscriber, false)) {
          return;
        }
        if (!isCancelled()) {
          subscriber.onComplete();
          done.complete(null);
        }
        return;
      }
      if (n == 0) {
        continue;
      }
      if (!awaitDemand(subscriber, true)) {
        return;
      }
      bytesSent += n;
      subscriber.onNext(ByteBuffer.wrap(buffer, 0, n));
    }
  }

  /**
   * Waits for demand and takes one unit of it if {@code take}; false when cancelled or stalled (the
   * subscriber then knows).
   */
  private boolean awaitDemand(Flow.Subscriber<? super ByteBuffer> subscriber, boolean take) {
    lock.lock();
    try {
      long left = stallNanos;
      while (demand == 0 && !cancelled) {
        if (left <= 0) {
          stalled = true;
          break;
        }
        try {
          left = changed.awaitNanos(left);
        } catch (InterruptedException e) {
          // Only stop() interrupts, and it sets cancelled first.
          Thread.currentThread().interrupt();
          return false;
        }
      }
      if (cancelled) {
        return false;
      }
      if (!stalled) {
        if (take) {
          demand--;
        }
        return true;
      }
    } finally {
      lock.unlock();
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(stallNanos);
    fail(
        subscriber,
        new HttpTimeoutException(
            "no progress sending the request body for " + seconds + " s (stall timeout)"));
    return false;
  }

  private void fail(Flow.Subscriber<? super ByteBuffer> subscriber, Throwable error) {
    // Complete done before the subscriber hears of it: the sink looks at done when the exchange
    // fails, to tell a failed producer from a failed connection.
    done.completeExceptionally(error);
    subscriber.onError(error);
  }

  private boolean isCancelled() {
    lock.lock();
    try {
      return cancelled;
    } finally {
      lock.unlock();
    }
  }

  private final class Subscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      lock.lock();
      try {
        demand = n <= 0 || demand + n < 0 ? Long.MAX_VALUE : demand + n;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void cancel() {
      lock.lock();
      try {
        cancelled = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
