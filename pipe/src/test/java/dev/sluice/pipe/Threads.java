package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts calls on their own threads and waits for them to block, for the pipe's tests. */
final class Threads {
  private Threads() {}

  /** A call running on its own thread. */
  static final class Call<T> {
    final Thread thread;
    private final FutureTask<T> task;

    private Call(Thread.Builder builder, Callable<T> callable) {
      this.task = new FutureTask<>(callable);
      this.thread = builder.unstarted(task);
      thread.start();
    }

    boolean isDone() {
      return task.isDone();
    }

    /** The call's result, waiting at most ten seconds; its exception if it threw. */
    T get() throws Exception {
      try {
        return task.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }

    /** The exception the call threw, waiting at most ten seconds. */
    Throwable failure() throws InterruptedException, TimeoutException {
      try {
        task.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        return e.getCause();
      }
      throw new AssertionError("the call returned normally");
    }

    /** Waits until the thread parks inside the call, which it does only when it is blocked. */
    Call<T> awaitBlocked() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (thread.getState() != Thread.State.WAITING) {
        assertThat(task.isDone()).as("the call returned instead of blocking").isFalse();
        assertThat(System.nanoTime()).as("the call never blocked").isLessThan(deadline);
        Thread.sleep(1);
      }
      return this;
    }
  }

  static <T> Call<T> start(Callable<T> callable) {
    return new Call<>(Thread.ofPlatform().daemon(), callable);
  }

  static <T> Call<T> startVirtual(Callable<T> callable) {
    return new Call<>(Thread.ofVirtual(), callable);
  }

  static Call<Void> run(ThrowingRunnable runnable) {
    return start(
        () -> {
          runnable.run();
          return null;
        });
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
