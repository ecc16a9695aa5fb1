package dev.sluice.core.shard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link SetManifest} as JSON (schema {@value SetManifest#SCHEMA}):
 *
 * <pre>{@code
 * {
 *   "setManifest" : 1,
 *   "sluiceVersion" : "0.1.0",
 *   "pattern" : "s3://b/orders/part-{shard}.ndjson.gz",
 *   "source" : { "url" : "jdbc:postgresql://db/shop", "table" : "orders" },
 *   "strategy" : "ctid", "key" : null,
 *   "snapshot" : "00000003-0000001B-1", "consistency" : "snapshot",
 *   "format" : "ndjson", "compression" : "gzip",
 *   "rows" : 1000000, "storedBytes" : 12345678,
 *   "started" : "...", "finished" : "...",
 *   "shards" : [ { "index" : 0, "destination" : "s3://b/orders/part-0.ndjson.gz",
 *                  "predicate" : "ctid < '(1024,0)'::tid", "rows" : 250112,
 *                  "storedBytes" : 3086411, "sha256" : "..." }, ... ]
 * }
 * }</pre>
 *
 * The reader ignores fields it does not know, so later versions may add some.
 */
final class SetManifestJson {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .build()
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  private SetManifestJson() {}

  static byte[] write(SetManifest m) {
    var out = new ByteArrayOutputStream(4096);
    try (var g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("setManifest", SetManifest.SCHEMA);
      g.writeStringField("sluiceVersion", m.sluiceVersion());
      g.writeStringField("pattern", m.pattern());
      g.writeObjectFieldStart("source");
      g.writeStringField("url", m.url());
      if (m.query() != null) {
        g.writeStringField("query", m.query());
      }
      if (m.table() != null) {
        g.writeStringField("table", m.table());
      }
      g.writeEndObject();
      g.writeStringField("strategy", m.strategy().jsonName());
      g.writeStringField("key", m.key());
      g.writeStringField("snapshot", m.snapshot());
      g.writeStringField("consistency", m.consistency().jsonName());
      g.writeStringField("format", m.format().extension());
      g.writeStringField("compression", m.compression().name().toLowerCase(Locale.ROOT));
      g.writeNumberField("rows", m.rows());
      g.writeNumberField("storedBytes", m.storedBytes());
      g.writeStringField("started", m.started().toString());
      g.writeStringField("finished", m.finished().toString());
      g.writeArrayFieldStart("shards");
      for (var s : m.shards()) {
        g.writeStartObject();
        g.writeNumberField("index", s.index());
        g.writeStringField("destination", s.destination());
        g.writeStringField("predicate", s.predicate());
        g.writeNumberField("rows", s.rows());
        g.writeNumberField("storedBytes", s.storedBytes());
        g.writeStringField("sha256", s.sha256Stored());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A ByteArrayOutputStream does not fail.
    }
    return out.toByteArray();
  }

  static SetManifest read(InputStream in) throws IOException {
    try (var p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a Sluice set manifest: the document is not a JSON object");
      }
      var top = new LinkedHashMap<String, String>();
      var source = new LinkedHashMap<String, String>();
      var shards = new ArrayList<SetManifest.Entry>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        var name = p.currentName();
        var t = p.nextToken();
        switch (name) {
          case "source" -> flat(p, source);
          case "shards" -> {
            if (t != JsonToken.START_ARRAY) {
              throw new IOException("not a Sluice set manifest: shards is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
              var s = new LinkedHashMap<String, String>();
              flat(p, s);
              shards.add(
                  new SetManifest.Entry(
                      Integer.parseInt(required(s, "index")),
                      required(s, "destination"),
                      s.get("predicate"),
                      Long.parseLong(required(s, "rows")),
                      Long.parseLong(required(s, "storedBytes")),
                      required(s, "sha256")));
            }
          }
          default -> {
            if (t == JsonToken.VALUE_NULL) {
              continue;
            }
            if (t.isScalarValue()) {
              top.put(name, p.getText());
            } else {
              p.skipChildren();
            }
          }
        }
      }
      int schema = Integer.parseInt(required(top, "setManifest"));
      if (schema > SetManifest.SCHEMA) {
        throw new IOException(
            "set manifest schema " + schema + " is newer than this Sluice reads; upgrade Sluice");
      }
      return new SetManifest(
          top.getOrDefault("sluiceVersion", "unknown"),
          required(top, "pattern"),
          required(source, "url"),
          source.get("query"),
          source.get("table"),
          Strategy.ofJsonName(required(top, "strategy")),
          top.get("key"),
          top.get("snapshot"),
          Consistency.ofJsonName(required(top, "consistency")),
          Format.valueOf(required(top, "format").toUpperCase(Locale.ROOT)),
          Compression.valueOf(required(top, "compression").toUpperCase(Locale.ROOT)),
          Long.parseLong(required(top, "rows")),
          Long.parseLong(required(top, "storedBytes")),
          Instant.parse(required(top, "started")),
          Instant.parse(required(top, "finished")),
          shards);
    } catch (JsonProcessingException e) {
      throw new IOException("not a Sluice set manifest: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IOException("not a Sluice set manifest: " + e.getMessage(), e);
    }
  }

  private static void flat(JsonParser p, Map<String, String> into) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a Sluice set manifest: expected a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      var key = p.currentName();
      var t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      if (t.isScalarValue()) {
        into.put(key, p.getText());
      } else {
        p.skipChildren();
      }
    }
  }

  private static String required(Map<String, String> map, String key) {
    var v = map.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v;
  }
}
