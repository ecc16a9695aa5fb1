package dev.sluice.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link Manifest} as JSON, written and read with Jackson's streaming API. The document (schema
 * {@value #SCHEMA}):
 *
 * <pre>{@code
 * {
 *   "manifest" : 1,
 *   "sluiceVersion" : "0.1.0",
 *   "destination" : "s3://exports/orders.ndjson.gz",
 *   "format" : "ndjson",
 *   "compression" : "gzip",
 *   "rows" : 1000,
 *   "bytes" : { "uncompressed" : 181234, "stored" : 40321 },
 *   "sha256" : { "uncompressed" : "9f3c...", "stored" : "ab12..." },
 *   "columns" : [ { "name" : "id", "sqlType" : "int8", "outputType" : "integer" }, ... ],
 *   "source" : { "url" : "jdbc:postgresql://db/shop", "query" : "SELECT ...",
 *                "querySha256" : "..." },
 *   "started" : "2026-11-30T07:40:00.123Z",
 *   "finished" : "2026-11-30T07:40:02.456Z",
 *   "storage" : { "etag" : "\"...-3\"", "parts" : 3, "partSizes" : "8388608x2,1234x1" }
 * }
 * }</pre>
 *
 * <p>A CSV export adds {@code "csv" : { "delimiter", "null", "header", "lineEnding" }}. Storage
 * values that are whole numbers are written as numbers, the rest as strings. The reader ignores
 * fields it does not know, so later versions may add some.
 */
public final class ManifestJson {
  /** The version of the document's shape; a reader refuses a newer one. */
  public static final int SCHEMA = 1;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .build()
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,17}");

  private ManifestJson() {}

  /** The manifest as pretty-printed UTF-8 JSON ending in a newline. */
  public static byte[] write(Manifest m) {
    var out = new ByteArrayOutputStream(2048);
    try (var g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("manifest", SCHEMA);
      g.writeStringField("sluiceVersion", m.sluiceVersion());
      g.writeStringField("destination", m.destination());
      g.writeStringField("format", m.format().extension());
      g.writeStringField("compression", m.compression().name().toLowerCase(Locale.ROOT));
      if (m.format() == Format.CSV) {
        var o = m.formatOptions();
        g.writeObjectFieldStart("csv");
        g.writeStringField("delimiter", String.valueOf(o.csvDelimiter()));
        g.writeStringField("null", o.csvNull());
        g.writeBooleanField("header", o.csvHeader());
        g.writeStringField("lineEnding", o.lineEnding());
        g.writeEndObject();
      }
      g.writeNumberField("rows", m.rows());
      g.writeObjectFieldStart("bytes");
      g.writeNumberField("uncompressed", m.uncompressedBytes());
      g.writeNumberField("stored", m.storedBytes());
      g.writeEndObject();
      g.writeObjectFieldStart("sha256");
      g.writeStringField("uncompressed", m.sha256Uncompressed());
      g.writeStringField("stored", m.sha256Stored());
      g.writeEndObject();
      if (m.format() == Format.PARQUET) {
        g.writeObjectFieldStart("rowGroups");
        g.writeNumberField("count", m.rowGroups().size());
        g.writeArrayFieldStart("rows");
        for (long n : m.rowGroups()) {
          g.writeNumber(n);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeArrayFieldStart("columns");
      for (var c : m.columns()) {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeStringField("sqlType", c.sqlType());
        g.writeStringField("outputType", c.outputType());
        if (c.precision() != 0 || c.scale() != 0) {
          g.writeNumberField("precision", c.precision());
          g.writeNumberField("scale", c.scale());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      var s = m.source();
      g.writeObjectFieldStart("source");
      g.writeStringField("url", s.url());
      writeIfSet(g, "query", s.query());
      writeIfSet(g, "table", s.table());
      writeIfSet(g, "querySha256", s.querySha256());
      writeIfSet(g, "where", s.where());
      writeIfSet(g, "snapshot", s.snapshot());
      g.writeEndObject();
      g.writeStringField("started", m.started().toString());
      g.writeStringField("finished", m.finished().toString());
      g.writeObjectFieldStart("storage");
      for (var e : m.storage().entrySet()) {
        if (e.getValue() != null && NUMBER.matcher(e.getValue()).matches()) {
          g.writeNumberField(e.getKey(), Long.parseLong(e.getValue()));
        } else {
          g.writeStringField(e.getKey(), e.getValue());
        }
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A ByteArrayOutputStream does not fail.
    }
    return out.toByteArray();
  }

  private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /**
   * Reads a manifest; does not close {@code in}.
   *
   * @throws IOException if reading fails, or with a one-line message saying what is wrong when the
   *     document is not a manifest this version understands.
   */
  public static Manifest read(InputStream in) throws IOException {
    try (var p = JSON.createParser(in)) {
      return new Reader(p).manifest();
    } catch (JsonProcessingException e) {
      throw new IOException("not a Sluice manifest: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      throw new IOException("not a Sluice manifest: " + e.getMessage(), e);
    }
  }

  /** Reads one document; fields may come in any order. */
  private static final class Reader {
    private final JsonParser p;
    private final Map<String, String> fields = new LinkedHashMap<>();

    Reader(JsonParser p) {
      this.p = p;
    }

    Manifest manifest() throws IOException {
      expect(p.nextToken(), JsonToken.START_OBJECT, "the document");
      Map<String, String> bytes = Map.of();
      Map<String, String> sha = Map.of();
      Map<String, String> source = Map.of();
      Map<String, String> csv = null;
      Map<String, String> storage = Map.of();
      List<Column> columns = List.of();
      List<Long> rowGroups = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        var name = p.currentName();
        var t = p.nextToken();
        switch (name) {
          case "bytes" -> bytes = object(name);
          case "sha256" -> sha = object(name);
          case "source" -> source = object(name);
          case "csv" -> csv = object(name);
          case "storage" -> storage = object(name);
          case "columns" -> columns = columns();
          case "rowGroups" -> rowGroups = rowGroups();
          default -> {
            if (t.isScalarValue()) {
              fields.put(name, p.getText());
            } else {
              p.skipChildren();
            }
          }
        }
      }
      int schema = Integer.parseInt(required(fields, "manifest"));
      if (schema > SCHEMA) {
        throw new IOException(
            "manifest schema "
                + schema
                + " is newer than this Sluice reads ("
                + SCHEMA
                + "); upgrade Sluice");
      }
      var format = Format.valueOf(required(fields, "format").toUpperCase(Locale.ROOT));
      var options = FormatOptions.defaults();
      if (csv != null) {
        var delimiter = required(csv, "csv.delimiter");
        if (delimiter.length() != 1) {
          throw new IllegalArgumentException("csv.delimiter is not one character: " + delimiter);
        }
        options =
            new FormatOptions(
                delimiter.charAt(0),
                required(csv, "csv.null"),
                Boolean.parseBoolean(required(csv, "csv.header")),
                required(csv, "csv.lineEnding"));
      }
      return new Manifest(
          required(fields, "sluiceVersion"),
          required(fields, "destination"),
          format,
          options,
          Compression.valueOf(required(fields, "compression").toUpperCase(Locale.ROOT)),
          Long.parseLong(required(fields, "rows")),
          Long.parseLong(required(bytes, "bytes.uncompressed")),
          Long.parseLong(required(bytes, "bytes.stored")),
          required(sha, "sha256.uncompressed"),
          required(sha, "sha256.stored"),
          columns,
          new Manifest.Origin(
              required(source, "source.url"),
              source.get("query"),
              source.get("table"),
              source.get("querySha256"),
              source.get("where"),
              source.get("snapshot")),
          Instant.parse(required(fields, "started")),
          Instant.parse(required(fields, "finished")),
          storage,
          rowGroups);
    }

    /** {@code {"count": n, "rows": [...]}}: the rows of each row group. */
    private List<Long> rowGroups() throws IOException {
      expect(p.currentToken(), JsonToken.START_OBJECT, "rowGroups");
      var list = new ArrayList<Long>();
      long count = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        var key = p.currentName();
        var t = p.nextToken();
        if (key.equals("rows") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            list.add(p.getLongValue());
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, "rowGroups.rows");
        } else if (key.equals("count") && t == JsonToken.VALUE_NUMBER_INT) {
          count = p.getLongValue();
        } else {
          p.skipChildren();
        }
      }
      if (count != list.size()) {
        throw new IllegalArgumentException(
            "rowGroups.count " + count + " but rowGroups.rows has " + list.size());
      }
      return list;
    }

    /** A flat object of scalars, as text; nested values are skipped. */
    private Map<String, String> object(String name) throws IOException {
      expect(p.currentToken(), JsonToken.START_OBJECT, name);
      var map = new LinkedHashMap<String, String>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        var key = p.currentName();
        var t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        if (t.isScalarValue()) {
          map.put(key, p.getText());
        } else {
          p.skipChildren();
        }
      }
      return map;
    }

    private List<Column> columns() throws IOException {
      expect(p.currentToken(), JsonToken.START_ARRAY, "columns");
      var list = new ArrayList<Column>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        p.nextToken();
        var c = new LinkedHashMap<String, String>();
        for (; p.currentToken() == JsonToken.FIELD_NAME; p.nextToken()) {
          var key = p.currentName();
          p.nextToken();
          if (p.currentToken().isScalarValue()) {
            c.put(key, p.getText());
          } else {
            p.skipChildren();
          }
        }
        list.add(
            new Column(
                required(c, "columns[].name"),
                c.get("sqlType"),
                c.get("outputType"),
                Integer.parseInt(c.getOrDefault("precision", "0")),
                Integer.parseInt(c.getOrDefault("scale", "0"))));
      }
      expect(p.currentToken(), JsonToken.END_ARRAY, "columns");
      return list;
    }

    private static String required(Map<String, String> map, String path) {
      var key = path.substring(path.lastIndexOf('.') + 1);
      var v = map.get(key);
      if (v == null) {
        throw new IllegalArgumentException("missing " + path);
      }
      return v;
    }

    private void expect(JsonToken actual, JsonToken wanted, String what) throws IOException {
      if (actual != wanted) {
        throw new IOException(
            "not a Sluice manifest: "
                + what
                + " is not a JSON "
                + (wanted == JsonToken.START_ARRAY || wanted == JsonToken.END_ARRAY
                    ? "array"
                    : "object"));
      }
    }
  }
}
