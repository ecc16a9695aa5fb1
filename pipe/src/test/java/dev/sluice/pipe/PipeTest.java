package dev.sluice.pipe;

import static dev.sluice.pipe.Threads.run;
import static dev.sluice.pipe.Threads.start;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pipe's contract, one sentence per test. The close table is in {@link PipeCloseTest}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeTest {
  private final Pipe pipe = Pipe.open();
  private final PipeReader in = pipe.reader();
  private final PipeWriter out = pipe.writer();

  /** A write blocks until a reader consumes its bytes. */
  @Test
  void writeBlocksUntilReaderConsumes() throws Exception {
    var write = run(() -> out.write(bytes("hello"))).awaitBlocked();
    var buf = new byte[64];
    assertThat(in.read(buf)).isEqualTo(5);
    write.get();
    assertThat(new String(buf, 0, 5, UTF_8)).isEqualTo("hello");
  }

  /** A write returns only once readers have consumed every byte, not just some of them. */
  @Test
  void writeReturnsOnlyWhenEveryByteIsConsumed() throws Exception {
    var write = run(() -> out.write(bytes("0123456789"))).awaitBlocked();
    var buf = new byte[4];
    assertThat(in.read(buf)).isEqualTo(4);
    assertThat(in.read(buf)).isEqualTo(4);
    Thread.sleep(20);
    assertThat(write.isDone()).isFalse();
    assertThat(in.read(buf)).isEqualTo(2);
    write.get();
  }

  /** Nothing is buffered: a reader copies from the writer's array while the write blocks. */
  @Test
  void nothingIsBuffered() throws Exception {
    var array = bytes("abcdef");
    var write = run(() -> out.write(array)).awaitBlocked();
    array[0] = 'X';
    assertThat(in.readNBytes(6)).isEqualTo(bytes("Xbcdef"));
    write.get();
  }

  /**
   * A write to a blocked read copies straight into the read's buffer and returns at once: the bytes
   * are consumed, because that read will return them whatever happens next.
   */
  @Test
  void writeIntoBlockedReadCopiesStraightIntoItsBuffer() throws Exception {
    var buf = new byte[64];
    var read = start(() -> in.read(buf)).awaitBlocked();
    out.write(bytes("straight"));
    assertThat(pipe.bytesTransferred()).isEqualTo(8);
    in.close();
    assertThat(read.get()).isEqualTo(8);
    assertThat(new String(buf, 0, 8, UTF_8)).isEqualTo("straight");
  }

  /**
   * A read that writers are filling returns what it holds as soon as they pause: a writer that
   * waits for an answer to each write (a request-response protocol over two pipes) is never left
   * waiting on a read that hopes for more.
   */
  @Test
  void readReturnsWhatItHoldsWhenWritersPause() throws Exception {
    var answers = Pipe.open();
    var echo =
        start(
            () -> {
              var buf = new byte[32 * 1024];
              int n;
              while ((n = in.read(buf)) != -1) {
                answers.writer().write(buf, 0, n);
              }
              answers.writer().close();
              return null;
            });
    var answer = new byte[100];
    for (int round = 0; round < 2_000; round++) {
      int size = 1 + round % 100;
      out.write(answer, 0, size);
      int got = 0;
      while (got < size) {
        got += answers.reader().read(answer, got, size - got);
      }
    }
    out.close();
    echo.get();
  }

  /** readNBytes returns only a full buffer, however many writes fill it, or less at the end. */
  @Test
  void readNBytesWaitsForWholeBufferOrEnd() throws Exception {
    int large = 2 * Handoff.FILL_MAX;
    var whole =
        start(
            () -> {
              var buf = new byte[7_000 + large + 100];
              int first = in.readNBytes(buf, 0, 6_000);
              int second = in.readNBytes(buf, first, buf.length - first);
              return new int[] {first, second, in.readNBytes(buf, 0, 10)};
            });
    var chunk = new byte[7];
    for (int i = 0; i < 1_000; i++) {
      out.write(chunk);
    }
    out.write(new byte[large]);
    out.close();
    assertThat(whole.get()).containsExactly(6_000, 1_000 + large, 0);
  }

  /** An interrupted readNBytes says how many bytes of its buffer were filled. */
  @Test
  void interruptedReadNBytesReportsBytesFilled() throws Exception {
    var buf = new byte[100];
    var read = start(() -> in.readNBytes(buf, 0, 100)).awaitBlocked();
    out.write(bytes("partial"));
    read.thread.interrupt();
    assertThat(read.failure())
        .isInstanceOfSatisfying(
            InterruptedIOException.class, e -> assertThat(e.bytesTransferred).isEqualTo(7));
    assertThat(new String(buf, 0, 7, UTF_8)).isEqualTo("partial");
  }

  /** A read blocks until at least one byte is available. */
  @Test
  void readBlocksUntilBytesAreAvailable() throws Exception {
    var read = start(() -> in.read(new byte[8])).awaitBlocked();
    out.write(bytes("x"));
    assertThat(read.get()).isEqualTo(1);
  }

  /** A read returns -1 after the writer's close. */
  @Test
  void readReturnsMinusOneAfterWriterClose() throws Exception {
    out.close();
    assertThat(in.read(new byte[8])).isEqualTo(-1);
    assertThat(in.read()).isEqualTo(-1);
  }

  /** A read throws an IOException whose cause is e after the writer's closeWithError(e). */
  @Test
  void readThrowsCauseAfterWriterCloseWithError() {
    var e = new IllegalStateException("query failed");
    out.closeWithError(e);
    assertThatThrownBy(() -> in.read(new byte[8])).isInstanceOf(IOException.class).hasCause(e);
  }

  /** After the reader's close a write throws ClosedPipeException. */
  @Test
  void writeThrowsClosedPipeAfterReaderClose() {
    in.close();
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(ClosedPipeException.class);
  }

  /** After the reader's closeWithError(e) a write throws an IOException with cause e. */
  @Test
  void writeThrowsCauseAfterReaderCloseWithError() {
    var e = new IOException("upload failed");
    in.closeWithError(e);
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasCause(e);
  }

  /** The reader's close wakes a blocked write at once. */
  @Test
  void readerCloseFailsBlockedWrite() throws Exception {
    var write = run(() -> out.write(new byte[100])).awaitBlocked();
    in.close();
    assertThat(write.failure()).isInstanceOf(ClosedPipeException.class);
  }

  /** The writer's close wakes a blocked read at once. */
  @Test
  void writerCloseEndsBlockedRead() throws Exception {
    var read = start(() -> in.read(new byte[8])).awaitBlocked();
    out.close();
    assertThat(read.get()).isEqualTo(-1);
  }

  /** A close of its own half wakes a blocked write, which throws ClosedPipeException. */
  @Test
  void writerCloseFailsItsOwnBlockedWrite() throws Exception {
    var write = run(() -> out.write(new byte[100])).awaitBlocked();
    out.close();
    assertThat(write.failure()).isInstanceOf(ClosedPipeException.class);
    assertThat(in.read()).isEqualTo(-1);
  }

  /** A close of its own half wakes a blocked read, which throws ClosedPipeException. */
  @Test
  void readerCloseFailsItsOwnBlockedRead() throws Exception {
    var read = start(() -> in.read(new byte[8])).awaitBlocked();
    in.close();
    assertThat(read.failure()).isInstanceOf(ClosedPipeException.class);
  }

  /** The first close wins: a later close or closeWithError never replaces its error. */
  @Test
  void firstCloseWins() {
    var first = new IOException("first");
    out.closeWithError(first);
    out.closeWithError(new IOException("second"));
    out.close();
    assertThatThrownBy(() -> in.read()).hasCause(first);

    var other = Pipe.open();
    var firstReaderError = new IOException("first");
    other.reader().closeWithError(firstReaderError);
    other.reader().close();
    other.reader().closeWithError(new IOException("later"));
    assertThatThrownBy(() -> other.writer().write(1)).hasCause(firstReaderError);
  }

  /**
   * Parallel writes are serialised: the bytes of one write are never interleaved with another's.
   */
  @Test
  void parallelWritesNeverInterleave() throws Exception {
    int writers = 8;
    int size = 10_000;
    var calls = new Threads.Call<?>[writers];
    for (int w = 0; w < writers; w++) {
      var chunk = new byte[size];
      Arrays.fill(chunk, (byte) ('a' + w));
      calls[w] = run(() -> out.write(chunk));
    }
    var all = in.readNBytes(writers * size);
    for (var call : calls) {
      call.get();
    }
    for (int i = 0; i < all.length; i += size) {
      var chunk = Arrays.copyOfRange(all, i, i + size);
      var expected = new byte[size];
      Arrays.fill(expected, chunk[0]);
      assertThat(chunk).as("write at %d", i).isEqualTo(expected);
    }
  }

  /** Parallel reads are serialised: every byte goes to exactly one reader. */
  @Test
  void parallelReadsTakeEachByteOnce() throws Exception {
    int readers = 4;
    var calls = new Threads.Call<?>[readers];
    for (int r = 0; r < readers; r++) {
      calls[r] = start(() -> in.readAllBytes());
    }
    var data = new byte[1 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    out.write(data);
    out.close();
    long total = 0;
    long sum = 0;
    for (var call : calls) {
      var got = (byte[]) call.get();
      total += got.length;
      for (byte b : got) {
        sum += b & 0xff;
      }
    }
    assertThat(total).isEqualTo(data.length);
    assertThat(sum).isEqualTo((long) (data.length / 256) * (255 * 256 / 2));
  }

  /** Only a close ends the pipe: a writer thread that ends without closing leaves reads blocked. */
  @Test
  void livenessNotInferredFromThreads() throws Exception {
    var writer = run(() -> out.write(bytes("last words")));
    assertThat(in.readNBytes(10)).isEqualTo(bytes("last words"));
    writer.get();
    writer.thread.join();
    var read = start(() -> in.read()).awaitBlocked();
    Thread.sleep(50);
    assertThat(read.isDone()).isFalse();
    out.close();
    assertThat(read.get()).isEqualTo(-1);
  }

  /**
   * Works on virtual threads without pinning a carrier: many more blocked virtual writers than
   * carrier threads, and a virtual reader still runs and drains them all.
   */
  @Test
  void worksOnVirtualThreads() throws Exception {
    int writers = 50 * Runtime.getRuntime().availableProcessors();
    var calls = new ArrayList<Threads.Call<Void>>();
    for (int w = 0; w < writers; w++) {
      calls.add(
          Threads.startVirtual(
              () -> {
                out.write(new byte[1000]);
                return null;
              }));
    }
    for (var call : calls) {
      call.awaitBlocked();
    }
    var read = Threads.startVirtual(() -> in.readNBytes(writers * 1000).length);
    assertThat(read.get()).isEqualTo(writers * 1000);
    for (var call : calls) {
      call.get();
    }
  }

  /** An interrupted write throws InterruptedIOException saying how many of its bytes were taken. */
  @Test
  void interruptedWriteReportsBytesTransferred() throws Exception {
    var write = run(() -> out.write(new byte[10])).awaitBlocked();
    assertThat(in.read(new byte[4])).isEqualTo(4);
    write.awaitBlocked().thread.interrupt();
    var e = (InterruptedIOException) write.failure();
    assertThat(e.bytesTransferred).isEqualTo(4);
  }

  /** An interrupted write keeps the thread's interrupt flag. */
  @Test
  void interruptedWriteKeepsInterruptFlag() throws Exception {
    var write =
        start(
            () -> {
              try {
                out.write(new byte[10]);
                return false;
              } catch (InterruptedIOException e) {
                return Thread.currentThread().isInterrupted();
              }
            });
    write.awaitBlocked().thread.interrupt();
    assertThat(write.get()).isTrue();
  }

  /**
   * An interrupted write leaves the pipe usable: readers get its taken bytes, then the next write.
   */
  @Test
  void interruptedWriteKeepsPipeUsable() throws Exception {
    var write = run(() -> out.write(bytes("abcdef"))).awaitBlocked();
    var buf = new byte[2];
    assertThat(in.read(buf)).isEqualTo(2);
    write.awaitBlocked().thread.interrupt();
    assertThat(write.failure()).isInstanceOf(InterruptedIOException.class);
    var next = run(() -> out.write(bytes("xyz")));
    assertThat(in.readNBytes(3)).isEqualTo(bytes("xyz"));
    next.get();
    assertThat(pipe.bytesTransferred()).isEqualTo(5);
  }

  /**
   * An interrupted read throws InterruptedIOException, keeps the flag, and leaves the pipe usable.
   */
  @Test
  void interruptedReadKeepsPipeUsable() throws Exception {
    var read =
        start(
            () -> {
              try {
                in.read();
                return false;
              } catch (InterruptedIOException e) {
                return e.bytesTransferred == 0 && Thread.currentThread().isInterrupted();
              }
            });
    read.awaitBlocked().thread.interrupt();
    assertThat(read.get()).isTrue();
    var write = run(() -> out.write(bytes("ok")));
    assertThat(in.readNBytes(2)).isEqualTo(bytes("ok"));
    write.get();
  }

  /** A read or write on a half that was itself closed throws ClosedPipeException. */
  @Test
  void closedHalfRefusesItsOwnCalls() {
    in.close();
    out.close();
    assertThatThrownBy(() -> in.read()).isInstanceOf(ClosedPipeException.class);
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(ClosedPipeException.class);
  }

  /** transferTo hands the writer's own array to the target, without an intermediate copy. */
  @Test
  void transferToHandsWriterArray() throws Exception {
    var array = bytes("0123456789");
    var seen = new Object[1];
    var target =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void write(byte[] b, int off, int len) {
            seen[0] = b;
            super.write(b, off, len);
          }
        };
    var write =
        run(
            () -> {
              out.write(array, 3, 5);
              out.close();
            });
    assertThat(in.transferTo(target)).isEqualTo(5);
    write.get();
    assertThat(seen[0]).isSameAs(array);
    assertThat(target.toByteArray()).isEqualTo(bytes("34567"));
  }

  /** transferTo rethrows the target's failure and leaves the pipe open, those bytes untaken. */
  @Test
  void transferToFailureLeavesPipeOpen() throws Exception {
    var write = run(() -> out.write(bytes("abc")));
    var broken =
        new java.io.OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    assertThatThrownBy(() -> in.transferTo(broken)).hasMessage("disk full");
    assertThat(in.readNBytes(3)).isEqualTo(bytes("abc"));
    write.get();
  }

  /** A writer closed or interrupted while transferTo hands its array over waits, then fails. */
  @Test
  void writerWaitsForTransferToHandOff() throws Exception {
    var entered = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    var slow =
        new java.io.OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
        };
    var write = run(() -> out.write(new byte[100]));
    var transfer = start(() -> in.transferTo(slow));
    entered.await();
    write.thread.interrupt();
    // The writer must park, not spin, while the target holds its array.
    write.awaitBlocked();
    long cpu = cpuNanos(write.thread);
    Thread.sleep(200);
    assertThat(cpuNanos(write.thread) - cpu).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
    release.countDown();
    // The hand-off completed before the interrupt was acted on: all 100 bytes were taken.
    write.get();
    out.close();
    assertThat(transfer.get()).isEqualTo(100L);
  }

  /** The pipe counts the bytes readers consumed. */
  @Test
  void bytesTransferredCountsConsumedBytes() throws Exception {
    var write = run(() -> out.write(new byte[1000]));
    assertThat(in.read(new byte[300])).isEqualTo(300);
    assertThat(pipe.bytesTransferred()).isEqualTo(300);
    in.readNBytes(700);
    write.get();
    assertThat(pipe.bytesTransferred()).isEqualTo(1000);
  }

  /** The pipe counts the time the writer spent blocked waiting for a reader. */
  @Test
  void writerWaitNanosCountsTimeBlockedOnReader() throws Exception {
    var write = run(() -> out.write(new byte[10])).awaitBlocked();
    Thread.sleep(100);
    in.readNBytes(10);
    write.get();
    assertThat(pipe.writerWaitNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(90));
    assertThat(pipe.readerWaitNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(90));
  }

  /** The pipe counts the time the reader spent blocked waiting for a writer. */
  @Test
  void readerWaitNanosCountsTimeBlockedOnWriter() throws Exception {
    var read = start(() -> in.read(new byte[10])).awaitBlocked();
    Thread.sleep(100);
    out.write(new byte[10]);
    read.get();
    assertThat(pipe.readerWaitNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(90));
    assertThat(pipe.writerWaitNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(90));
  }

  /** available() says how many bytes a blocked writer offers. */
  @Test
  void availableCountsOfferedBytes() throws Exception {
    assertThat(in.available()).isZero();
    var write = run(() -> out.write(new byte[7])).awaitBlocked();
    assertThat(in.available()).isEqualTo(7);
    in.readNBytes(7);
    write.get();
    assertThat(in.available()).isZero();
  }

  /** Writes of zero bytes return at once; the halves and counters are stable objects. */
  @Test
  void emptyWriteReturnsAtOnce() throws Exception {
    out.write(new byte[0]);
    assertThat(in.read(new byte[0])).isZero();
    assertThat(pipe.reader()).isSameAs(in);
    assertThat(in.pipe()).isSameAs(pipe);
    assertThat(out.pipe()).isSameAs(pipe);
  }

  /**
   * The waiting writer learns that its offer was emptied from the number the reader stores in
   * offerDone, and the waiting reader that its buffer is full from the number a writer stores in
   * requestFull; both start at 0, so a number that wraps round to 0 before anything was emptied or
   * filled must not be taken for done or full.
   */
  @Test
  void numbersWrappingToZeroAreNotTakenForDoneOrFull() throws Exception {
    pipe.skipOffers(-1);
    pipe.skipRequests(-1);
    var large = new byte[3 * Handoff.FILL_MAX];
    Arrays.fill(large, (byte) 'x');
    var write =
        run(
            () -> {
              out.write(large);
              // Returns only once the reader consumed every byte.
              assertThat(pipe.bytesTransferred()).isEqualTo(large.length);
              out.write(bytes("ab"));
              out.close();
            });
    Thread.sleep(50);
    var buf = new byte[16];
    assertThat(in.readNBytes(buf, 0, 16)).isEqualTo(16);
    assertThat(buf).containsOnly((byte) 'x');
    var rest = in.readAllBytes();
    assertThat(rest).hasSize(large.length - 16 + 2);
    assertThat(new String(rest, large.length - 16, 2, UTF_8)).isEqualTo("ab");
    write.get();
  }

  /**
   * The offer number lives in the high half of the pipe's state word; after 2^31 writes it turns
   * the word negative, which once read as the end of the stream.
   */
  @Test
  void offerNumberWrapDoesNotEndStream() throws Exception {
    pipe.skipOffers(Integer.MAX_VALUE - 1);
    var write =
        run(
            () -> {
              for (int i = 0; i < 4; i++) {
                out.write(bytes("ab"));
              }
              out.close();
            });
    assertThat(in.readAllBytes()).isEqualTo(bytes("abababab"));
    write.get();
    var transfer = Pipe.open();
    transfer.skipOffers(Integer.MAX_VALUE - 1);
    var transferWrite =
        run(
            () -> {
              for (int i = 0; i < 4; i++) {
                transfer.writer().write(bytes("cd"));
              }
              transfer.writer().close();
            });
    var target = new ByteArrayOutputStream();
    assertThat(transfer.reader().transferTo(target)).isEqualTo(8);
    transferWrite.get();
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static long cpuNanos(Thread t) {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.getThreadCpuTime(t.threadId());
  }
}
