package dev.sluice.core.format;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A 64 KiB byte buffer in front of an output stream, with the few encodings the formats need
 * written straight into it: UTF-8 (lone surrogates become U+FFFD), JSON string escaping, CSV quote
 * doubling, decimal longs and base64. Large writes are what the pipe and the compressors like, so
 * bytes reach {@code out} only in buffer-sized chunks (and on {@link #flush()}).
 *
 * <p>A writer made by {@link #growing()} has no stream: its buffer grows instead, so a value can be
 * rendered first and copied later. Not safe for use by more than one thread.
 */
final class ByteWriter {
  static final int SIZE = 64 * 1024;

  /** The longest encoding of one UTF-16 char or pair: a JSON escape is six bytes. */
  private static final int MAX_CHAR_BYTES = 6;

  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * For each ASCII byte, what JSON needs instead: 0 = nothing, 'u' = a six-byte escape, anything
   * else = a backslash and that character.
   */
  private static final byte[] JSON_ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      JSON_ESCAPE[c] = 'u';
    }
    JSON_ESCAPE['\b'] = 'b';
    JSON_ESCAPE['\f'] = 'f';
    JSON_ESCAPE['\n'] = 'n';
    JSON_ESCAPE['\r'] = 'r';
    JSON_ESCAPE['\t'] = 't';
    JSON_ESCAPE['"'] = '"';
    JSON_ESCAPE['\\'] = '\\';
  }

  /** Reads eight bytes of an array at once, to scan text a word at a time. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private final OutputStream out;
  byte[] buf;
  int pos;

  ByteWriter(OutputStream out) {
    this.out = out;
    this.buf = new byte[SIZE];
  }

  private ByteWriter() {
    this.out = null;
    this.buf = new byte[256];
  }

  /** A writer without a stream, whose buffer grows; read it through {@link #buf}, {@link #pos}. */
  static ByteWriter growing() {
    return new ByteWriter();
  }

  /** Empties the buffer of a {@link #growing()} writer. */
  void reset() {
    pos = 0;
  }

  /** Makes room for {@code n <= SIZE} bytes. */
  void require(int n) throws IOException {
    if (pos + n > buf.length) {
      if (out == null) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      } else {
        drain();
      }
    }
  }

  /** Hands the buffered bytes to the stream; does not flush the stream. */
  void drain() throws IOException {
    if (pos > 0 && out != null) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Hands the buffered bytes to the stream and flushes it. */
  void flush() throws IOException {
    drain();
    if (out != null) {
      out.flush();
    }
  }

  void write(byte b) throws IOException {
    if (pos == buf.length) {
      require(1);
    }
    buf[pos++] = b;
  }

  void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (len > SIZE / 2 && out != null) {
      // Big enough to go straight through without a copy.
      drain();
      out.write(b, off, len);
      return;
    }
    require(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** Writes a string known to be ASCII, one byte per char. */
  void ascii(String s) throws IOException {
    int n = s.length();
    if (n > SIZE) {
      utf8(s);
      return;
    }
    require(n);
    s.getBytes(0, n, buf, pos); // The deprecated overload is exactly "low byte of each char".
    pos += n;
  }

  void decimal(long v) throws IOException {
    require(20);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        ascii("-9223372036854775808");
        return;
      }
      buf[pos++] = '-';
      v = -v;
    }
    int digits = digits(v);
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos = end;
  }

  /** Writes {@code v} with at least {@code width} digits, zero-padded; {@code v >= 0}. */
  void padded(long v, int width) throws IOException {
    int digits = Math.max(width, digits(v));
    require(digits);
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos = end;
  }

  private static int digits(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }

  /** Writes {@code s} as UTF-8; a lone surrogate becomes U+FFFD. */
  void utf8(String s) throws IOException {
    chars(s, false, false);
  }

  /** Writes {@code s} as a JSON string, quotes included. */
  void jsonString(String s) throws IOException {
    write((byte) '"');
    chars(s, true, false);
    write((byte) '"');
  }

  /** Writes {@code s} as UTF-8 with each {@code "} doubled: the inside of a quoted CSV field. */
  void csvQuotedContent(String s) throws IOException {
    chars(s, false, true);
  }

  private void chars(String s, boolean json, boolean doubleQuotes) throws IOException {
    int n = s.length();
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < n; i++) {
      if (p + MAX_CHAR_BYTES > b.length) {
        pos = p;
        require(MAX_CHAR_BYTES);
        b = buf;
        p = pos;
      }
      char c = s.charAt(i);
      if (c < 0x80) {
        if (json && JSON_ESCAPE[c] != 0) {
          p = escape(b, p, c);
        } else {
          b[p++] = (byte) c;
          if (c == '"' && doubleQuotes) {
            b[p++] = '"';
          }
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        // A lone surrogate has no UTF-8 form: write U+FFFD REPLACEMENT CHARACTER instead.
        b[p++] = (byte) 0xEF;
        b[p++] = (byte) 0xBF;
        b[p++] = (byte) 0xBD;
      }
    }
    pos = p;
  }

  private static int escape(byte[] b, int p, int c) {
    byte e = JSON_ESCAPE[c];
    b[p++] = '\\';
    if (e == 'u') {
      b[p++] = 'u';
      b[p++] = '0';
      b[p++] = '0';
      b[p++] = HEX[c >> 4];
      b[p++] = HEX[c & 0xF];
    } else {
      b[p++] = e;
    }
    return p;
  }

  /**
   * Writes UTF-8 bytes as a JSON string, quotes included, escaping only what JSON requires. The
   * bytes are trusted to be valid UTF-8 (the database has checked them).
   */
  void jsonStringUtf8(byte[] s, int off, int len) throws IOException {
    jsonStringUtf8(s, off, len, false);
  }

  /**
   * {@link #jsonStringUtf8(byte[], int, int)}, with every quote it writes doubled when {@code
   * csvDoubled}, as the inside of a quoted CSV field has them: the JSON of an array goes into CSV
   * in one pass, where quoting it afterwards cost more than writing it (its text is a few bytes
   * between quotes).
   */
  void jsonStringUtf8(byte[] s, int off, int len, boolean csvDoubled) throws IOException {
    quote(csvDoubled);
    int end = off + len;
    int i = off;
    while (i < end) {
      // Copy the run of bytes that need no escape in one go; UTF-8 lead and continuation bytes
      // are negative and never need one.
      int run = i;
      while (i + 8 <= end && !needsJsonEscape((long) LONGS.get(s, i))) {
        i += 8;
      }
      byte c = 0;
      while (i < end && ((c = s[i]) < 0 || JSON_ESCAPE[c] == 0)) {
        i++;
      }
      write(s, run, i - run);
      if (i < end) {
        require(MAX_CHAR_BYTES + 1);
        pos = escape(buf, pos, c);
        if (c == '"' && csvDoubled) {
          buf[pos++] = '"';
        }
        i++;
      }
    }
    quote(csvDoubled);
  }

  private void quote(boolean doubled) throws IOException {
    write((byte) '"');
    if (doubled) {
      write((byte) '"');
    }
  }

  /**
   * Whether any of the eight bytes in {@code w} is below 0x20, {@code "} or {@code \\}: the classic
   * "has a zero byte" word trick, exact for the question "any?" (bytes of 0x80 and above never
   * match, as UTF-8 needs).
   */
  private static boolean needsJsonEscape(long w) {
    long quote = w ^ (ONES * '"');
    long backslash = w ^ (ONES * '\\');
    long control = (w - ONES * 0x20) & ~w;
    long q = (quote - ONES) & ~quote;
    long b = (backslash - ONES) & ~backslash;
    return ((control | q | b) & HIGHS) != 0;
  }

  /** Whether any of the eight bytes in {@code w} equals {@code v}. */
  static boolean hasByte(long w, byte v) {
    long x = w ^ (ONES * (v & 0xFF));
    return ((x - ONES) & ~x & HIGHS) != 0;
  }

  /** Reads eight bytes at {@code i} as one little-endian word. */
  static long word(byte[] s, int i) {
    return (long) LONGS.get(s, i);
  }

  /** Writes UTF-8 bytes with each {@code "} doubled, for the inside of a quoted CSV field. */
  void csvQuotedContent(byte[] s, int off, int len) throws IOException {
    // One pass, without a branch per byte: each byte is stored with a quote after it, and the
    // position moves past that quote only when the byte was a quote. A JSON array's text has a
    // quote every few bytes, and a write per run between them cost more than the bytes did. In
    // slices that fit the buffer twice over (the quote stored after a slice's last byte lands at
    // most on the last of its 2n places).
    int end = off + len;
    int i = off;
    while (i < end) {
      int n = Math.min(end - i, SIZE / 2);
      require(2 * n);
      byte[] b = buf;
      int p = pos;
      for (int stop = i + n; i < stop; i++) {
        byte x = s[i];
        b[p] = x;
        b[p + 1] = '"';
        p += x == '"' ? 2 : 1;
      }
      pos = p;
    }
  }

  /** Writes bytes as standard base64 with padding (RFC 4648 section 4), no quotes. */
  void base64(byte[] s, int off, int len) throws IOException {
    int end = off + len;
    int i = off;
    while (end - i >= 3) {
      if (pos + 4 > buf.length) {
        require(4);
      }
      int v = (s[i] & 0xFF) << 16 | (s[i + 1] & 0xFF) << 8 | (s[i + 2] & 0xFF);
      i += 3;
      buf[pos++] = BASE64[v >>> 18];
      buf[pos++] = BASE64[(v >>> 12) & 0x3F];
      buf[pos++] = BASE64[(v >>> 6) & 0x3F];
      buf[pos++] = BASE64[v & 0x3F];
    }
    require(4);
    if (end - i == 1) {
      int v = (s[i] & 0xFF) << 16;
      buf[pos++] = BASE64[v >>> 18];
      buf[pos++] = BASE64[(v >>> 12) & 0x3F];
      buf[pos++] = '=';
      buf[pos++] = '=';
    } else if (end - i == 2) {
      int v = (s[i] & 0xFF) << 16 | (s[i + 1] & 0xFF) << 8;
      buf[pos++] = BASE64[v >>> 18];
      buf[pos++] = BASE64[(v >>> 12) & 0x3F];
      buf[pos++] = BASE64[(v >>> 6) & 0x3F];
      buf[pos++] = '=';
    }
  }
}
