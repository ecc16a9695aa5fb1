package dev.sluice.core.format.parquet;

import java.nio.charset.StandardCharsets;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Text (STRING and JSON), binary data and UUIDs. Bytes are handed to the column writer without a
 * copy ({@link Binary#fromReusedByteArray}): its encoders copy what they keep (dictionary entries,
 * statistics) and write the rest into the page at once.
 */
final class TextLeaves {
  private TextLeaves() {}

  /** STRING or JSON: the UTF-8 text the other formats write. */
  static final class Utf8 extends Leaf {
    Utf8(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      w.write(Binary.fromReusedByteArray(b, off, len), r, d);
    }

    @Override
    void ofString(String s, int r, int d) {
      w.write(Binary.fromString(s), r, d);
    }

    @Override
    void ofDouble(double v, int r, int d) {
      // SQLite's REAL in a text column: the shortest text that reads back as the same double.
      ofString(
          Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : Double.toString(v), r, d);
    }

    @Override
    void ofBytes(byte[] b, int off, int len, int r, int d) {
      // SQLite: a BLOB in a column of text affinity; base64, as the text formats write it.
      var base64 =
          java.util.Base64.getEncoder().encode(java.util.Arrays.copyOfRange(b, off, off + len));
      w.write(Binary.fromConstantByteArray(base64), r, d);
    }
  }

  /** BINARY without annotation: bytea, BLOB, VARBINARY. */
  static final class Bytes extends Leaf {
    Bytes(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    void ofBytes(byte[] b, int off, int len, int r, int d) {
      w.write(org.apache.parquet.io.api.Binary.fromReusedByteArray(b, off, len), r, d);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      // SQLite: text in a BLOB column is stored as its UTF-8 bytes.
      ofBytes(b, off, len, r, d);
    }
  }

  /** UUID: 16 bytes, big-endian, from the canonical text. */
  static final class Uuid extends Leaf {
    private final byte[] bytes = new byte[16];

    Uuid(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      int n = 0;
      int high = -1;
      for (int i = off; i < off + len; i++) {
        int c = b[i];
        if (c == '-') {
          continue;
        }
        int h = Character.digit(c, 16);
        if (h < 0 || n == 16) {
          throw unfit("the value " + NumberLeaves.quoted(b, off, len));
        }
        if (high < 0) {
          high = h;
        } else {
          bytes[n++] = (byte) (high << 4 | h);
          high = -1;
        }
      }
      if (n != 16 || high >= 0) {
        throw unfit("the value " + NumberLeaves.quoted(b, off, len));
      }
      w.write(org.apache.parquet.io.api.Binary.fromReusedByteArray(bytes), r, d);
    }

    @Override
    void ofObject(Object o, int r, int d) {
      if (o instanceof java.util.UUID u) {
        ofString(u.toString(), r, d);
      } else {
        super.ofObject(o, r, d);
      }
    }

    @Override
    void ofString(String s, int r, int d) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      ofText(b, 0, b.length, r, d);
    }
  }
}
