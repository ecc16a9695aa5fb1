package dev.sluice.core.format.parquet;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Parquet's {@link OutputFile} over a stream that only goes forward (the export's pipe): the writer
 * needs nothing but the position, which this counts, because it writes each row group's column
 * chunks once, in order, and the footer last. Closing it flushes but leaves the stream open: the
 * export closes it after the encoder.
 */
final class StreamOutputFile implements OutputFile {
  private final Counting out;

  StreamOutputFile(OutputStream out) {
    this.out = new Counting(out);
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return out;
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return out;
  }

  @Override
  public boolean supportsBlockSize() {
    return false; // No padding to file-system blocks: a stream has none.
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return "stream";
  }

  private static final class Counting extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    Counting(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
