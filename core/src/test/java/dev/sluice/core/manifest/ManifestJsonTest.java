package dev.sluice.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.Column;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
  static final Manifest S3_CSV =
      new Manifest(
          "0.1.0",
          "s3://exports/orders.csv.zst",
          Format.CSV,
          FormatOptions.builder()
              .csvDelimiter(';')
              .csvNull("\\N")
              .csvHeader(false)
              .lineEnding(FormatOptions.CRLF)
              .build(),
          Compression.ZSTD,
          1_000,
          181_234,
          40_321,
          "9f".repeat(32),
          "ab".repeat(32),
          List.of(new Column("id", "int8", "integer"), new Column("note \"x\"", "text", "string")),
          new Manifest.Origin(
              "jdbc:postgresql://db/shop?password=***", "SELECT 1", null, "cd".repeat(32)),
          Instant.parse("2026-11-30T07:40:00.123Z"),
          Instant.parse("2026-11-30T07:40:02.456Z"),
          storage());

  static LinkedHashMap<String, String> storage() {
    var m = new LinkedHashMap<String, String>();
    m.put("etag", "\"0123abcd-3\"");
    m.put("parts", "3");
    m.put("partSizes", "8388608x2,1234x1");
    return m;
  }

  @Test
  void manifestSurvivesWritingAndReading() throws IOException {
    assertThat(read(ManifestJson.write(S3_CSV))).isEqualTo(S3_CSV);
  }

  /** A shard's predicate and snapshot, which --resume and the coordinator compare, survive. */
  @Test
  void shardOriginSurvivesWritingAndReading() throws IOException {
    var origin =
        new Manifest.Origin(
            "jdbc:postgresql://db/shop",
            null,
            "orders",
            null,
            "(ctid >= '(3030,0)'::tid AND ctid < '(6060,0)'::tid)",
            "00000003-00000DE8-1");
    var shard =
        new Manifest(
            S3_CSV.sluiceVersion(),
            S3_CSV.destination(),
            S3_CSV.format(),
            S3_CSV.formatOptions(),
            S3_CSV.compression(),
            S3_CSV.rows(),
            S3_CSV.uncompressedBytes(),
            S3_CSV.storedBytes(),
            S3_CSV.sha256Uncompressed(),
            S3_CSV.sha256Stored(),
            S3_CSV.columns(),
            origin,
            S3_CSV.started(),
            S3_CSV.finished(),
            S3_CSV.storage());

    assertThat(read(ManifestJson.write(shard)).source()).isEqualTo(origin);
    assertThat(read(ManifestJson.write(S3_CSV)).source().where()).isNull();
  }

  @Test
  void numbersAreJsonNumbersAndHashesAreNamed() {
    var json = new String(ManifestJson.write(S3_CSV), StandardCharsets.UTF_8);

    assertThat(json)
        .contains(
            "\"manifest\" : 1,",
            "\"rows\" : 1000,",
            "\"parts\" : 3,",
            "\"partSizes\" : \"8388608x2,1234x1\"",
            "\"stored\" : \"" + "ab".repeat(32) + "\"",
            "\"format\" : \"csv\"",
            "\"compression\" : \"zstd\"",
            "\"delimiter\" : \";\"");
    assertThat(json).endsWith("}\n");
  }

  @Test
  void unknownFieldsAreIgnored() throws IOException {
    var json =
        new String(ManifestJson.write(S3_CSV), StandardCharsets.UTF_8)
            .replace("\"rows\" :", "\"later\" : {\"a\" : [1, {\"b\" : 2}]}, \"rows\" :");

    assertThat(read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(S3_CSV);
  }

  @Test
  void missingFieldIsNamed() {
    var json =
        new String(ManifestJson.write(S3_CSV), StandardCharsets.UTF_8)
            .replace("\"stored\" : \"ab", "\"other\" : \"ab");

    assertThatThrownBy(() -> read(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessage("not a Sluice manifest: missing sha256.stored");
  }

  @Test
  void newerSchemaIsRefused() {
    var json =
        new String(ManifestJson.write(S3_CSV), StandardCharsets.UTF_8)
            .replace("\"manifest\" : 1", "\"manifest\" : 2");

    assertThatThrownBy(() -> read(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessage("manifest schema 2 is newer than this Sluice reads (1); upgrade Sluice");
  }

  @Test
  void somethingElseIsNotAManifest() {
    assertThatThrownBy(() -> read("[1, 2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not a Sluice manifest: the document is not a JSON object");
    assertThatThrownBy(() -> read("{\"manifest\" : ".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("not a Sluice manifest: Unexpected end-of-input");
  }

  static Manifest read(byte[] json) throws IOException {
    return ManifestJson.read(new ByteArrayInputStream(json));
  }
}
