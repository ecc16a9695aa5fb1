package dev.sluice.core.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 fields on a {@link ByteWriter}: a field is quoted when it holds the delimiter, a quote,
 * CR or LF, or when it would otherwise read as NULL (it equals the null string; with the default
 * empty null string, an empty string is written {@code ""}). Quotes inside are doubled.
 */
final class CsvWriter {
  final ByteWriter out;
  private final char delimiter;
  private final String nullString;
  private final byte[] nullBytes;

  CsvWriter(ByteWriter out, FormatOptions options) {
    this.out = out;
    this.delimiter = options.csvDelimiter();
    this.nullString = options.csvNull();
    this.nullBytes = nullString.getBytes(StandardCharsets.UTF_8);
  }

  void delimiter() throws IOException {
    out.write((byte) delimiter);
  }

  void nul() throws IOException {
    out.write(nullBytes);
  }

  /** Writes a text value, quoted if it needs to be. */
  void field(String s) throws IOException {
    if (needsQuotes(s)) {
      out.write((byte) '"');
      out.csvQuotedContent(s);
      out.write((byte) '"');
    } else {
      out.utf8(s);
    }
  }

  /** Writes a UTF-8 text value, quoted if it needs to be. */
  void field(byte[] s, int off, int len) throws IOException {
    if (needsQuotes(s, off, len)) {
      out.write((byte) '"');
      out.csvQuotedContent(s, off, len);
      out.write((byte) '"');
    } else {
      out.write(s, off, len);
    }
  }

  /** Writes a field in quotes whose content has its quotes doubled already. */
  void quoted(byte[] doubled, int off, int len) throws IOException {
    out.write((byte) '"');
    out.write(doubled, off, len);
    out.write((byte) '"');
  }

  private boolean needsQuotes(String s) {
    int n = s.length();
    if (n == nullString.length() && s.equals(nullString)) {
      return true;
    }
    char d = delimiter;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == d || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  private boolean needsQuotes(byte[] s, int off, int len) {
    if (len == nullBytes.length && java.util.Arrays.equals(s, off, off + len, nullBytes, 0, len)) {
      return true;
    }
    byte d = (byte) delimiter;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      long w = ByteWriter.word(s, i);
      if (ByteWriter.hasByte(w, d)
          || ByteWriter.hasByte(w, (byte) '"')
          || ByteWriter.hasByte(w, (byte) '\n')
          || ByteWriter.hasByte(w, (byte) '\r')) {
        break;
      }
    }
    for (; i < end; i++) {
      byte c = s[i];
      if (c == d || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }
}
