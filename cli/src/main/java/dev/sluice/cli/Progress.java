package dev.sluice.cli;

import dev.sluice.core.ExportProgress;
import dev.sluice.core.ExportResult;
import dev.sluice.core.Uninterruptibly;
import dev.sluice.core.text.ByteSize;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Shows a running export's progress on stderr from a thread of its own: on a terminal, one line
 * redrawn in place five times a second; otherwise (a log, a pipe) a plain line every five seconds.
 *
 * <p>With an {@link Estimate} of the rows, both kinds of line show the percentage and the time left
 * ({@code ~}, from the rate so far), and the terminal line a bar. The percentage stays at 99% at
 * most while the export runs, since the estimate may be short: only {@link #done(ExportResult)}
 * shows 100%. Without an estimate (none yet, or none to be had) the line is a counter.
 *
 * <p>{@link #close()} stops the display. On a terminal it then clears the line for what follows,
 * except after {@link #done(ExportResult)} with an estimate, when it leaves the full bar.
 */
final class Progress implements AutoCloseable {
  static final Duration TERMINAL_PERIOD = Duration.ofMillis(200);
  static final Duration LOG_PERIOD = Duration.ofSeconds(5);

  /** Terminal width when none is known. */
  static final int DEFAULT_WIDTH = 80;

  private static final int MIN_BAR = 10;
  private static final int MAX_BAR = 30;

  private final PrintStream err;
  private final Supplier<ExportProgress> snapshot;
  private final Supplier<Estimate> estimate;
  private final boolean terminal;
  private final int width;
  private final Duration period;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stop = lock.newCondition();

  /** Guarded by {@link #lock}. */
  private boolean stopped;

  /** The finished export's figures, set before {@link #close()}; guarded by {@link #lock}. */
  private ExportProgress end;

  /** Width of the line last drawn, to blank it out; touched by the display thread only. */
  private int drawn;

  private Progress(
      PrintStream err,
      Supplier<ExportProgress> snapshot,
      Supplier<Estimate> estimate,
      boolean terminal,
      int width,
      Duration period) {
    this.err = err;
    this.snapshot = snapshot;
    this.estimate = estimate;
    this.terminal = terminal;
    this.width = width;
    this.period = period;
    this.thread = Thread.ofPlatform().daemon().name("sluice-progress").unstarted(this::loop);
  }

  /** Starts showing {@code snapshot} on {@code err} as a counter, redrawn when {@code terminal}. */
  static Progress start(PrintStream err, Supplier<ExportProgress> snapshot, boolean terminal) {
    return start(err, snapshot, () -> null, terminal, DEFAULT_WIDTH);
  }

  /**
   * Starts showing {@code snapshot} on {@code err}, with a bar on a terminal {@code width} columns
   * wide once {@code estimate} returns one (it returns null until then, and must not block).
   */
  static Progress start(
      PrintStream err,
      Supplier<ExportProgress> snapshot,
      Supplier<Estimate> estimate,
      boolean terminal,
      int width) {
    return start(err, snapshot, estimate, terminal, width, terminal ? TERMINAL_PERIOD : LOG_PERIOD);
  }

  static Progress start(
      PrintStream err,
      Supplier<ExportProgress> snapshot,
      Supplier<Estimate> estimate,
      boolean terminal,
      int width,
      Duration period) {
    var progress = new Progress(err, snapshot, estimate, terminal, width, period);
    progress.thread.start();
    return progress;
  }

  private void loop() {
    while (awaitTick()) {
      var now = snapshot.get();
      if (terminal) {
        draw(terminalLine(now, estimate.get(), false, width));
      } else {
        err.println("sluice: " + line(now, estimate.get(), false));
      }
      err.flush();
    }
    var last = end();
    var known = estimate.get();
    if (terminal && last != null && known != null) {
      draw(terminalLine(last, known, true, width));
      err.println();
    } else if (terminal && drawn > 0) {
      err.print("\r" + " ".repeat(drawn) + "\r");
    }
    err.flush();
  }

  private void draw(String line) {
    err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    drawn = line.length();
  }

  /** Waits one period; false once stopped. */
  private boolean awaitTick() {
    lock.lock();
    try {
      long nanos = period.toNanos();
      while (!stopped && nanos > 0) {
        nanos = stop.awaitNanos(nanos);
      }
      return !stopped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private ExportProgress end() {
    lock.lock();
    try {
      return end;
    } finally {
      lock.unlock();
    }
  }

  /** The counter: {@code line(p, null, false)}. */
  static String line(ExportProgress p) {
    return line(p, null, false);
  }

  /**
   * The fields of a periodic line. Without an estimate, {@code 1,234,567 rows 200.6 MiB 245,001
   * rows/s 5.0 s}, with the bytes stored after the raw ones when compression made them fewer
   * ({@code 200.6 MiB -> 39.1 MiB}). With one, the percentage and the time left come first and the
   * estimated total after the rows: {@code 45% ~0:12 left 1,234,567 of ~2,700,000 rows ...}; {@code
   * done} shows 100% and the rows alone.
   */
  static String line(ExportProgress p, Estimate estimate, boolean done) {
    if (estimate == null) {
      return counter(p, null, null);
    }
    return head(p, estimate, done, false) + "  " + counter(p, done ? null : estimate, null);
  }

  /**
   * The line drawn on a terminal, shorter than {@code width} so that it never wraps: with an
   * estimate, a bar of 10 to 30 columns before {@link #line(ExportProgress, Estimate, boolean)}'s
   * fields, each padded to a steady width so that the bar keeps its size while the numbers grow.
   * Where they do not fit beside the bar, the estimated total goes first, then the bytes, then the
   * rate and time; where even the rows do not, the bar goes, and what is left is cut.
   */
  static String terminalLine(ExportProgress p, Estimate estimate, boolean done, int width) {
    int room = Math.max(1, width - 1);
    if (estimate == null) {
      return cut(counter(p, null, null), room);
    }
    // The bar's width is the one it has while running, also on the last line, whose head is
    // shorter (no time left) and whose rows have no estimated total.
    var running =
        new String[] {
          counter(p, estimate, estimate),
          counter(p, null, estimate),
          rows(p, null, estimate) + "  " + pace(p, true),
          rows(p, null, estimate)
        };
    int head = head(p, estimate, false, true).length() + 2;
    for (int i = 0; i < running.length; i++) {
      // "[" bar "]" and a space.
      int bar = Math.min(MAX_BAR, room - head - running[i].length() - 3);
      if (bar >= MIN_BAR) {
        var fields = done && i == 0 ? counter(p, null, estimate) : running[i];
        return bar(fraction(p, estimate, done), bar)
            + " "
            + head(p, estimate, done, true)
            + "  "
            + fields;
      }
    }
    return cut(head(p, estimate, done, false) + "  " + counter(p, null, null), room);
  }

  /** {@code [=====> ]}: {@code fraction} of {@code width} columns filled. */
  static String bar(double fraction, int width) {
    int full = (int) Math.floor(fraction * width);
    if (full >= width) {
      return "[" + "=".repeat(width) + "]";
    }
    return "[" + "=".repeat(full) + ">" + " ".repeat(width - full - 1) + "]";
  }

  /** The share done, below 0.99 until {@code done}, since the estimate may be short. */
  private static double fraction(ExportProgress p, Estimate estimate, boolean done) {
    return done ? 1 : Math.min(0.99, (double) p.rows() / estimate.rows());
  }

  /**
   * {@code 45% ~0:12 left}, the time left only from the second second on and while it can be told;
   * {@code pad}ded to a steady width.
   */
  private static String head(ExportProgress p, Estimate estimate, boolean done, boolean pad) {
    int percent = (int) Math.floor(fraction(p, estimate, done) * 100);
    var head = String.format(Locale.ROOT, pad ? "%3d%%" : "%d%%", percent);
    double rate = p.rowsPerSecond();
    // The rate of the first second says more about the start-up than about the rows to come.
    if (!done && p.rows() < estimate.rows() && rate > 0 && p.elapsedNanos() >= 1_000_000_000L) {
      var left = "~" + clock((estimate.rows() - p.rows()) / rate);
      head += "  " + (pad ? String.format(Locale.ROOT, "%6s", left) : left) + " left";
    } else if (pad && !done) {
      // As wide as "  ~mm:ss left", so that the fields after it keep their place.
      head += " ".repeat(13);
    }
    return head;
  }

  /**
   * Rows, bytes, rate and time; with {@code total}, the rows as {@code n of ~total}. With {@code
   * pad}, each number is padded to the width it has at {@code pad}'s rows, or a steady width.
   */
  private static String counter(ExportProgress p, Estimate total, Estimate pad) {
    var bytes = bytes(p.rawBytes(), pad != null);
    // Uncompressed, the stored count moves first and so is never below the raw one.
    if (p.storedBytes() < p.rawBytes()) {
      bytes += " -> " + bytes(p.storedBytes(), pad != null);
    }
    return rows(p, total, pad) + "  " + bytes + "  " + pace(p, pad != null);
  }

  private static String bytes(long n, boolean pad) {
    return pad ? String.format(Locale.ROOT, "%10s", ByteSize.format(n)) : ByteSize.format(n);
  }

  /** {@code 1,234 rows}, or {@code 1,234 of ~5,000 rows} with the estimated {@code total}. */
  private static String rows(ExportProgress p, Estimate total, Estimate pad) {
    var n = String.format(Locale.ROOT, "%,d", p.rows());
    if (pad != null) {
      int digits = String.format(Locale.ROOT, "%,d", pad.rows()).length();
      n = " ".repeat(Math.max(0, digits - n.length())) + n;
    }
    return total == null
        ? n + " rows"
        : String.format(Locale.ROOT, "%s of ~%,d rows", n, total.rows());
  }

  /** {@code 245,001 rows/s 5.0 s}. */
  private static String pace(ExportProgress p, boolean pad) {
    return String.format(
        Locale.ROOT,
        pad ? "%,7.0f rows/s  %5.1f s" : "%,.0f rows/s  %.1f s",
        p.rowsPerSecond(),
        p.elapsedNanos() / 1e9);
  }

  /** {@code 0:07}, {@code 12:30}, {@code 1:02:03}: seconds rounded up, as a clock shows them. */
  static String clock(double seconds) {
    long s = (long) Math.ceil(Math.min(seconds, 359_999));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static String cut(String line, int room) {
    return line.length() <= room ? line : line.substring(0, room);
  }

  /**
   * Records that the export finished with {@code result}, so that the last line drawn on a
   * terminal, at {@link #close()}, is the full bar at 100%. Call it before {@code close()}.
   */
  void done(ExportResult result) {
    lock.lock();
    try {
      end =
          new ExportProgress(
              result.rows(), result.rawBytes(), result.storedBytes(), result.elapsed().toNanos());
    } finally {
      lock.unlock();
    }
  }

  /** Stops the display and waits for it, so that nothing it prints follows what comes next. */
  @Override
  public void close() {
    lock.lock();
    try {
      stopped = true;
      stop.signalAll();
    } finally {
      lock.unlock();
    }
    Uninterruptibly.join(thread);
  }
}
