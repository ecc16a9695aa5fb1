package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.s3.UploadPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A {@link DryRunPlan} for machines, the {@code --summary-json} of a dry run. Its fields are
 * documented in the README; unknown estimates are {@code null}.
 */
final class DryRunJson {
  private DryRunJson() {}

  /** Writes {@code plan} to {@code file}, every text passed through {@code mask}. */
  static void write(DryRunPlan plan, Path file, UnaryOperator<String> mask) throws IOException {
    try (var json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeBooleanField("dryRun", true);
      json.writeStringField("source", mask.apply(plan.source()));
      json.writeStringField("format", name(plan.format()));
      json.writeStringField("contentType", plan.format().mediaType());
      json.writeStringField("compression", name(plan.compression()));
      json.writeNumberField("compressionLevel", plan.level());
      json.writeStringField("compressor", plan.compression().implementation(plan.level()));
      json.writeArrayFieldStart("columns");
      for (var c : plan.columns()) {
        json.writeStartObject();
        json.writeStringField("name", c.column().name());
        json.writeStringField("sqlType", c.column().sqlType());
        json.writeStringField("outputType", c.column().outputType());
        json.writeStringField("type", c.mapping().type());
        json.writeStringField("form", c.mapping().form());
        json.writeEndObject();
      }
      json.writeEndArray();
      nullable(json, "estimatedRows", plan.rows() != null ? plan.rows().rows() : -1);
      json.writeStringField("estimateSource", plan.rows() != null ? plan.rows().source() : null);
      nullable(json, "estimatedRawBytes", plan.rawBytes());
      nullable(json, "estimatedStoredBytes", plan.storedBytes());
      nullable(json, "sampleRows", plan.sample() != null ? plan.sample().rows() : -1);
      json.writeObjectFieldStart("destination");
      json.writeStringField("kind", plan.destination().kind());
      json.writeStringField("uri", mask.apply(plan.destination().where()));
      json.writeStringField("how", plan.destination().how());
      json.writeEndObject();
      json.writeStringField(
          "manifest", plan.manifest() != null ? mask.apply(plan.manifest()) : null);
      if (plan.upload() != null) {
        upload(json, plan.upload(), plan.storedBytes());
      } else {
        json.writeNullField("s3");
      }
      json.writeNumberField("heapMaxBytes", plan.heap());
      json.writeArrayFieldStart("shards");
      for (var shard : plan.shards()) {
        json.writeStartObject();
        json.writeStringField("bounds", shard.bounds());
        nullable(json, "estimatedRows", shard.rows());
        nullable(json, "estimatedBytes", shard.bytes());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private static void upload(JsonGenerator json, UploadPlan upload, long stored)
      throws IOException {
    json.writeObjectFieldStart("s3");
    json.writeNumberField("firstPartSize", upload.firstPartSize());
    json.writeNumberField("maxParts", UploadPlan.MAX_PARTS);
    json.writeNumberField("maxObjectSize", upload.maxObjectSize());
    nullable(json, "estimatedParts", stored < 0 ? -1 : upload.parts(stored));
    json.writeNumberField("maxMemory", upload.maxMemory());
    json.writeNumberField("parallelism", upload.parallelism());
    json.writeArrayFieldStart("steps");
    for (var step : upload.steps()) {
      json.writeStartObject();
      json.writeNumberField("firstPart", step.firstPart());
      json.writeNumberField("lastPart", step.lastPart());
      json.writeNumberField("partSize", step.partSize());
      json.writeNumberField("bytesThrough", step.bytesThrough());
      json.writeNumberField("buffers", step.buffers());
      json.writeNumberField("memory", step.memory());
      json.writeBooleanField("onDisk", step.onDisk());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** {@code value}, or null when it is negative (unknown). */
  private static void nullable(JsonGenerator json, String name, long value) throws IOException {
    if (value < 0) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
