package dev.sluice.core.shard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.format.parquet.ParquetCodec;
import dev.sluice.core.format.parquet.ParquetOptions;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.source.jdbc.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ShardPlan} as JSON, written and read with Jackson's streaming API:
 *
 * <pre>{@code
 * {
 *   "plan" : 1,
 *   "sluiceVersion" : "0.1.0",
 *   "source" : { "url" : "jdbc:postgresql://db/shop", "dialect" : "postgresql", "table" : "orders" },
 *   "strategy" : "key",
 *   "key" : "id",
 *   "snapshot" : "00000003-0000001B-1",
 *   "consistency" : "snapshot",
 *   "destination" : "s3://b/orders/part-{shard}.ndjson.gz",
 *   "format" : "ndjson",
 *   "compression" : "gzip",
 *   "shards" : [ { "index" : 0, "predicate" : "(\"id\" < 1000 OR \"id\" IS NULL)",
 *                  "lower" : null, "upper" : "1000", "nulls" : true, "estimatedRows" : 998 }, ... ],
 *   "sha256" : "..."
 * }
 * }</pre>
 *
 * <p>A CSV plan adds {@code "csv" : { "delimiter", "null", "header", "lineEnding" }}, a Parquet
 * plan {@code "parquet" : { "codec", "level", "rowGroupBytes", "rowGroupRows" }}. The reader is
 * strict, since a worker pastes the predicates into SQL: an unknown field, another plan version, or
 * a {@code sha256} that is not that of the content (the plan was edited after it was written) is
 * refused with one line. {@code sluiceVersion} is informational and outside the hash.
 */
final class ShardPlanJson {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .build()
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Set<String> TOP =
      Set.of(
          "plan",
          "sluiceVersion",
          "source",
          "strategy",
          "key",
          "snapshot",
          "consistency",
          "destination",
          "format",
          "csv",
          "parquet",
          "compression",
          "estimatedRows",
          "shards",
          "sha256");

  private ShardPlanJson() {}

  static byte[] write(ShardPlan plan) {
    var out = new ByteArrayOutputStream(4096);
    try (var g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("plan", plan.version());
      g.writeStringField("sluiceVersion", Manifest.runningVersion());
      body(g, plan);
      g.writeStringField("sha256", digest(plan));
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A ByteArrayOutputStream does not fail.
    }
    return out.toByteArray();
  }

  /** The SHA-256 of the plan's content: its body in compact JSON, which is canonical. */
  static String digest(ShardPlan plan) {
    var out = new ByteArrayOutputStream(4096);
    try (var g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("plan", plan.version());
      body(g, plan);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e); // Every Java platform has SHA-256.
    }
  }

  private static void body(JsonGenerator g, ShardPlan plan) throws IOException {
    g.writeObjectFieldStart("source");
    g.writeStringField("url", plan.url());
    g.writeStringField("dialect", plan.dialect().name().toLowerCase(Locale.ROOT));
    if (plan.query() != null) {
      g.writeStringField("query", plan.query());
    } else {
      g.writeStringField("table", plan.table());
    }
    g.writeEndObject();
    g.writeStringField("strategy", plan.strategy().jsonName());
    g.writeStringField("key", plan.key());
    g.writeStringField("snapshot", plan.snapshot());
    g.writeStringField("consistency", plan.consistency().jsonName());
    g.writeStringField("destination", plan.destination());
    g.writeStringField("format", plan.format().extension());
    if (plan.format() == Format.CSV) {
      var o = plan.formatOptions();
      g.writeObjectFieldStart("csv");
      g.writeStringField("delimiter", String.valueOf(o.csvDelimiter()));
      g.writeStringField("null", o.csvNull());
      g.writeBooleanField("header", o.csvHeader());
      g.writeStringField("lineEnding", o.lineEnding());
      g.writeEndObject();
    }
    if (plan.format() == Format.PARQUET) {
      var o = plan.formatOptions().parquet();
      g.writeObjectFieldStart("parquet");
      g.writeStringField("codec", o.codec().name().toLowerCase(Locale.ROOT));
      g.writeNumberField("level", o.level());
      g.writeNumberField("rowGroupBytes", o.rowGroupBytes());
      g.writeNumberField("rowGroupRows", o.rowGroupRows());
      g.writeEndObject();
    }
    g.writeStringField("compression", plan.compression().name().toLowerCase(Locale.ROOT));
    g.writeNumberField("estimatedRows", plan.estimatedRows());
    g.writeArrayFieldStart("shards");
    for (var s : plan.shards()) {
      g.writeStartObject();
      g.writeNumberField("index", s.index());
      g.writeStringField("predicate", s.predicate());
      g.writeStringField("lower", s.lower());
      g.writeStringField("upper", s.upper());
      g.writeBooleanField("nulls", s.nulls());
      g.writeNumberField("estimatedRows", s.estimatedRows());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static ShardPlan read(InputStream in) throws IOException {
    Object tree;
    try (var p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a Sluice shard plan: the document is not a JSON object");
      }
      tree = value(p);
      if (p.nextToken() != null) {
        throw new IOException("not a Sluice shard plan: text after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new IOException("not a Sluice shard plan: " + e.getOriginalMessage(), e);
    }
    try {
      return plan(object(tree, "the document"));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new IOException("refused shard plan: " + e.getMessage(), e);
    }
  }

  private static ShardPlan plan(Map<String, Object> doc) throws IOException {
    for (var name : doc.keySet()) {
      if (!TOP.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + name + "\"");
      }
    }
    var version = doc.get("plan");
    if (!(version instanceof Long v)) {
      throw new IOException("not a Sluice shard plan: no \"plan\" version number");
    }
    if (v != ShardPlan.VERSION) {
      throw new IOException(
          "shard plan version "
              + v
              + " is not "
              + ShardPlan.VERSION
              + ", the one this Sluice reads; plan the export again with this Sluice");
    }
    var source = object(doc.get("source"), "source");
    for (var name : source.keySet()) {
      if (!Set.of("url", "dialect", "query", "table").contains(name)) {
        throw new IllegalArgumentException("unknown field \"source." + name + "\"");
      }
    }
    var format = Format.valueOf(string(doc, "format").toUpperCase(Locale.ROOT));
    var options = FormatOptions.defaults();
    if (doc.containsKey("csv")) {
      var csv = object(doc.get("csv"), "csv");
      var delimiter = string(csv, "delimiter");
      if (delimiter.length() != 1) {
        throw new IllegalArgumentException("csv.delimiter is not one character: " + delimiter);
      }
      options =
          new FormatOptions(
              delimiter.charAt(0),
              string(csv, "null"),
              (Boolean) csv.get("header"),
              string(csv, "lineEnding"));
    }
    if (doc.containsKey("parquet")) {
      var pq = object(doc.get("parquet"), "parquet");
      options =
          options.toBuilder()
              .parquet(
                  new ParquetOptions(
                      ParquetCodec.valueOf(string(pq, "codec").toUpperCase(Locale.ROOT)),
                      Math.toIntExact((Long) pq.get("level")),
                      (Long) pq.get("rowGroupBytes"),
                      (Long) pq.get("rowGroupRows")))
              .build();
    }
    var shards = new ArrayList<Shard>();
    for (var item : list(doc.get("shards"), "shards")) {
      var s = object(item, "shards[]");
      shards.add(
          new Shard(
              Math.toIntExact((Long) s.get("index")),
              string(s, "predicate"),
              (String) s.get("lower"),
              (String) s.get("upper"),
              (Boolean) s.get("nulls"),
              (Long) s.get("estimatedRows")));
    }
    var plan =
        new ShardPlan(
            ShardPlan.VERSION,
            string(source, "url"),
            Dialect.valueOf(string(source, "dialect").toUpperCase(Locale.ROOT)),
            (String) source.get("query"),
            (String) source.get("table"),
            Strategy.ofJsonName(string(doc, "strategy")),
            (String) doc.get("key"),
            shards,
            (String) doc.get("snapshot"),
            Consistency.ofJsonName(string(doc, "consistency")),
            (String) doc.get("destination"),
            format,
            options,
            Compression.valueOf(string(doc, "compression").toUpperCase(Locale.ROOT)));
    if (!digest(plan).equals(doc.get("sha256"))) {
      throw new IOException(
          "refused shard plan: its sha256 is not that of its content (the plan was changed after"
              + " it was written); plan the export again instead of editing the plan");
    }
    return plan;
  }

  private static String string(Map<String, Object> map, String name) {
    var v = map.get(name);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("missing \"" + name + "\"");
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object v, String what) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    return (Map<String, Object>) m;
  }

  private static List<?> list(Object v, String what) {
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException(what + " is not a JSON array");
    }
    return l;
  }

  /** The value at the current token: maps, lists, strings, whole numbers, booleans and nulls. */
  private static Object value(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        var map = new LinkedHashMap<String, Object>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          var name = p.currentName();
          p.nextToken();
          map.put(name, value(p));
        }
        yield map;
      }
      case START_ARRAY -> {
        var list = new ArrayList<Object>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default ->
          throw new IOException(
              "not a Sluice shard plan: unexpected "
                  + p.currentToken()
                  + " at "
                  + p.currentLocation());
    };
  }

  static String utf8(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
