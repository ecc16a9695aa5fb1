package dev.sluice.core.format.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet's page compressors on the libraries Sluice already has, in place of parquet-hadoop's
 * codec factory, which loads Hadoop's codec classes: zstd on zstd-jni, Snappy on snappy-java, gzip
 * on the JDK's deflate. Each compressor reuses one output buffer: the page store copies a page's
 * compressed bytes before it asks for the next page (parquet-java's own compressors rely on the
 * same).
 */
final class PageCompressors implements CompressionCodecFactory {
  private final ParquetCodec codec;
  private final int level;

  PageCompressors(ParquetCodec codec, int level) {
    this.codec = codec;
    this.level = level;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName name) {
    if (name != codec.codecName()) {
      throw new IllegalArgumentException("not this export's codec: " + name);
    }
    return switch (codec) {
      case ZSTD -> new ZstdPages(level);
      case SNAPPY -> new SnappyPages();
      case GZIP -> new GzipPages(level);
      case NONE -> new Stored();
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName name) {
    throw new UnsupportedOperationException("Sluice writes Parquet; it does not read it");
  }

  @Override
  public void release() {}

  /** A compressor that keeps one growing output array. */
  private abstract static class Reusing implements BytesInputCompressor {
    byte[] out = new byte[64 * 1024];

    byte[] room(int bound) {
      if (out.length < bound) {
        out = new byte[Math.max(bound, out.length * 2)];
      }
      return out;
    }

    @Override
    public void release() {
      out = new byte[0];
    }
  }

  private static final class ZstdPages extends Reusing {
    private final int level;

    ZstdPages(int level) {
      this.level = level;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      byte[] in = bytes.toByteArray();
      byte[] dst = room((int) Zstd.compressBound(in.length));
      long n = Zstd.compressByteArray(dst, 0, dst.length, in, 0, in.length, level);
      if (Zstd.isError(n)) {
        throw new IOException("zstd: " + Zstd.getErrorName(n));
      }
      return BytesInput.from(dst, 0, (int) n);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.ZSTD;
    }
  }

  private static final class SnappyPages extends Reusing {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      byte[] in = bytes.toByteArray();
      byte[] dst = room(Snappy.maxCompressedLength(in.length));
      int n = Snappy.compress(in, 0, in.length, dst, 0);
      return BytesInput.from(dst, 0, n);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.SNAPPY;
    }
  }

  private static final class GzipPages implements BytesInputCompressor {
    private final int level;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    GzipPages(int level) {
      this.level = level;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      buffer.reset();
      try (var gzip =
          new GZIPOutputStream(buffer, 64 * 1024) {
            {
              def.setLevel(level);
            }
          }) {
        bytes.writeAllTo(gzip);
      }
      return BytesInput.from(buffer);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.GZIP;
    }

    @Override
    public void release() {}
  }

  private static final class Stored implements BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public void release() {}
  }
}
