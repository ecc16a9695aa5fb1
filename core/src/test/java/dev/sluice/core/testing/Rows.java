package dev.sluice.core.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.luben.zstd.ZstdInputStream;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads what an export wrote back into rows, to compare with the source row by row. Each row is a
 * map from column name to the value's text, in column order:
 *
 * <ul>
 *   <li>JSON (NDJSON lines or a JSON array): a string is its text, a number its literal as written
 *       ({@code 12.30} stays {@code 12.30}), a boolean {@code true}/{@code false}, {@code null} is
 *       Java null, an object or array its compact JSON text.
 *   <li>CSV (RFC 4180, header row, delimiter {@code ,}): a field is its text; an unquoted empty
 *       field is Java null (the default NULL text), a quoted empty field {@code ""} is the empty
 *       string.
 * </ul>
 *
 * <p>Holds every row in memory: for tests of thousands of rows, not millions. {@link #count}
 * streams.
 */
public final class Rows {
  private static final JsonFactory JSON = new JsonFactory();

  private Rows() {}

  /** Decodes {@code data}, compressed with {@code compression}, written in {@code format}. */
  public static List<Map<String, String>> read(byte[] data, Format format, Compression compression)
      throws IOException {
    return read(new ByteArrayInputStream(data), format, compression);
  }

  /** Decodes the file at {@code path}. */
  public static List<Map<String, String>> read(Path path, Format format, Compression compression)
      throws IOException {
    try (var in = Files.newInputStream(path)) {
      return read(in, format, compression);
    }
  }

  /** Decodes {@code in}; does not close it. */
  public static List<Map<String, String>> read(
      InputStream in, Format format, Compression compression) throws IOException {
    var rows = new ArrayList<Map<String, String>>();
    var plain = decompress(in, compression);
    switch (format) {
      case NDJSON, JSON -> readJson(plain, format, rows);
      case CSV -> readCsv(plain, ',', rows);
    }
    return rows;
  }

  /** Counts the rows in {@code in} without holding them, for large exports. */
  public static long count(InputStream in, Format format, Compression compression)
      throws IOException {
    var plain = decompress(in, compression);
    long[] n = {0};
    var sink =
        new java.util.AbstractList<Map<String, String>>() {
          @Override
          public boolean add(Map<String, String> row) {
            n[0]++;
            return true;
          }

          @Override
          public Map<String, String> get(int index) {
            throw new UnsupportedOperationException();
          }

          @Override
          public int size() {
            return (int) n[0];
          }
        };
    switch (format) {
      case NDJSON, JSON -> readJson(plain, format, sink);
      case CSV -> readCsv(plain, ',', sink);
    }
    return n[0];
  }

  /** The decompressed view of {@code in}; fails on a truncated gzip or zstd stream. */
  public static InputStream decompress(InputStream in, Compression compression) throws IOException {
    return switch (compression) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 64 * 1024);
      case ZSTD -> new ZstdInputStream(in);
    };
  }

  private static void readJson(InputStream in, Format format, List<Map<String, String>> rows)
      throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      var first = p.nextToken();
      if (format == Format.JSON) {
        if (first != JsonToken.START_ARRAY) {
          throw new IOException("JSON output does not start with '[': " + first);
        }
        first = p.nextToken();
      }
      for (var t = first; t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t != JsonToken.START_OBJECT) {
          throw new IOException("expected a row object, got " + t + " at " + p.currentLocation());
        }
        var row = new LinkedHashMap<String, String>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          var name = p.currentName();
          var v = p.nextToken();
          row.put(
              name,
              switch (v) {
                case VALUE_NULL -> null;
                case VALUE_STRING -> p.getText();
                case START_OBJECT, START_ARRAY -> {
                  var text = new StringWriter();
                  try (var g = JSON.createGenerator(text)) {
                    g.copyCurrentStructure(p);
                  }
                  yield text.toString();
                }
                default -> p.getText();
              });
        }
        rows.add(row);
      }
      if (format == Format.JSON && p.currentToken() != JsonToken.END_ARRAY) {
        throw new IOException("JSON output does not end with ']'");
      }
    }
  }

  private static void readCsv(InputStream in, char delimiter, List<Map<String, String>> rows)
      throws IOException {
    var r = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1);
    var header = record(r, delimiter);
    if (header == null) {
      return;
    }
    for (var fields = record(r, delimiter); fields != null; fields = record(r, delimiter)) {
      if (fields.size() != header.size()) {
        throw new IOException(
            "CSV row "
                + (rows.size() + 1)
                + " has "
                + fields.size()
                + " fields, the header "
                + header.size());
      }
      var row = new LinkedHashMap<String, String>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), fields.get(i));
      }
      rows.add(row);
    }
  }

  /** One CSV record, or null at the end of input; unquoted empty fields are null. */
  private static List<String> record(PushbackReader r, char delimiter) throws IOException {
    int c = r.read();
    if (c == -1) {
      return null;
    }
    r.unread(c);
    var fields = new ArrayList<String>();
    while (true) {
      var field = new StringBuilder();
      boolean quoted = false;
      c = r.read();
      if (c == '"') {
        quoted = true;
        while (true) {
          c = r.read();
          if (c == -1) {
            throw new IOException("unterminated quoted CSV field");
          }
          if (c == '"') {
            int next = r.read();
            if (next != '"') {
              c = next;
              break;
            }
          }
          field.append((char) c);
        }
      } else {
        while (c != -1 && c != delimiter && c != '\n' && c != '\r') {
          field.append((char) c);
          c = r.read();
        }
      }
      fields.add(!quoted && field.isEmpty() ? null : field.toString());
      if (c == delimiter) {
        continue;
      }
      if (c == '\r') {
        c = r.read();
        if (c != '\n' && c != -1) {
          r.unread(c);
        }
      } else if (c != '\n' && c != -1) {
        throw new IOException("unexpected character after a quoted CSV field: " + (char) c);
      }
      return fields;
    }
  }
}
