package dev.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Bases for the contenders' streams written here, which move bytes only through arrays: the
 * one-byte calls go through a one-byte array.
 */
final class ArrayStreams {
  private ArrayStreams() {}

  /** An output stream whose {@code write(int)} is a one-byte array write. */
  abstract static class Out extends OutputStream {
    @Override
    public final void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public abstract void write(byte[] b, int off, int len) throws IOException;
  }

  /** An input stream whose {@code read()} is a one-byte array read. */
  abstract static class In extends InputStream {
    @Override
    public final int read() throws IOException {
      var one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
  }
}
