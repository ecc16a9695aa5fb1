package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import dev.sluice.core.testing.TypedTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code --dry-run} says each column becomes is what the export then writes: on PostgreSQL,
 * MariaDB, SQLite and H2, in every text format, a dry run and a real export of a table of every
 * kind of type, each column's claimed type checked against every value the export wrote.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DryRunMappingTest {
  private static final String TABLE = TestDatabases.uniqueName("dryrun_map");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a text of each claimed type looks like: ISO-8601, digits, base64. */
  private static final Map<String, Pattern> TEXT_FORMS =
      Map.ofEntries(
          Map.entry("integer", Pattern.compile("-?\\d+")),
          Map.entry("decimal", Pattern.compile("-?\\d+(\\.\\d+)?")),
          Map.entry("float", Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?|NaN|-?Infinity")),
          Map.entry("boolean", Pattern.compile("true|false")),
          Map.entry("date", Pattern.compile("[+-]?\\d{4,}-\\d{2}-\\d{2}")),
          Map.entry("time", Pattern.compile("-?\\d{2,3}:\\d{2}:\\d{2}(\\.\\d+)?")),
          Map.entry(
              "timetz", Pattern.compile("\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})")),
          Map.entry(
              "timestamp", Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?")),
          Map.entry(
              "timestamptz",
              Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z")),
          Map.entry("interval", Pattern.compile("P(-?\\d+[YMWD])*(T(-?\\d+(\\.\\d+)?[HMS])+)?")),
          Map.entry("uuid", Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")),
          Map.entry("base64", Pattern.compile("[A-Za-z0-9+/]*={0,2}")));

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws SQLException {
    for (var db : TestDatabases.values()) {
      TypedTables.create(db, TABLE);
    }
  }

  @AfterAll
  static void dropTables() throws SQLException {
    for (var db : TestDatabases.values()) {
      db.drop(TABLE);
    }
  }

  static Stream<Arguments> cases() {
    var cases = new ArrayList<Arguments>();
    for (var db : TestDatabases.values()) {
      for (var format : Format.values()) {
        if (format == Format.PARQUET) {
          continue; // DryRunParquetTest reads the schema of the file written
        }
        cases.add(Arguments.of(db, format));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void theDryRunSaysWhatTheExportWrites(TestDatabases db, Format format) throws IOException {
    var out = dir.resolve("typed." + format.extension());
    var planFile = dir.resolve("plan.json");

    var dry =
        Cli.run(
            args(
                db,
                format,
                "--dry-run",
                "--summary-json",
                planFile.toString(),
                "--to",
                out.toString()));
    assertThat(dry.exit()).as(dry.toString()).isZero();
    assertThat(out).doesNotExist();
    var plan = JSON.readTree(planFile.toFile());
    var columns = plan.get("columns");

    var run = Cli.run(args(db, format, "--to", out.toString()));
    assertThat(run.exit()).as(run.toString()).isZero();

    // The columns are the export's, as its manifest records them.
    var manifest = JSON.readTree(Path.of(out + ".manifest.json").toFile()).get("columns");
    assertThat(columns).hasSize(manifest.size()).hasSizeGreaterThan(8);
    for (int i = 0; i < manifest.size(); i++) {
      var claimed = columns.get(i);
      var written = manifest.get(i);
      assertThat(claimed.get("name")).isEqualTo(written.get("name"));
      assertThat(claimed.get("outputType")).isEqualTo(written.get("outputType"));
      if (db != TestDatabases.SQLITE || !claimed.get("sqlType").asText().equals("NUMERIC")) {
        // SQLite names a column without a declared type after the first value it reads.
        assertThat(claimed.get("sqlType")).isEqualTo(written.get("sqlType"));
      }
      // The printed plan shows the same mapping, one line per column.
      assertThat(dry.stdout())
          .containsPattern(
              "(?m)^  "
                  + Pattern.quote(claimed.get("name").asText())
                  + " +"
                  + Pattern.quote(claimed.get("sqlType").asText())
                  + " +"
                  + Pattern.quote(claimed.get("outputType").asText())
                  + " +"
                  + Pattern.quote(claimed.get("type").asText())
                  + " +"
                  + Pattern.quote(claimed.get("form").asText())
                  + "$");
    }

    // Every value written has the form the dry run claimed for its column.
    int checked = 0;
    if (format == Format.CSV) {
      for (var row : Rows.read(out, format, Compression.NONE)) {
        for (var claimed : columns) {
          var value = row.get(claimed.get("name").asText());
          if (value != null) {
            assertCsv(claimed, value);
            checked++;
          }
        }
      }
    } else {
      for (var row : jsonRows(out, format)) {
        for (var claimed : columns) {
          var value = row.get(claimed.get("name").asText());
          assertThat(value).as("%s in %s", claimed, row).isNotNull();
          if (!value.isNull()) {
            assertJson(claimed, value);
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2 * columns.size() - 2);
  }

  private static String[] args(TestDatabases db, Format format, String... more) {
    var args = new ArrayList<>(List.of("export", "--from", db.url(), "--table", TABLE));
    if (db.user() != null) {
      args.addAll(List.of("--user", db.user()));
    }
    args.addAll(List.of("--format", format.extension()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static List<JsonNode> jsonRows(Path out, Format format) throws IOException {
    var rows = new ArrayList<JsonNode>();
    if (format == Format.JSON) {
      JSON.readTree(out.toFile()).forEach(rows::add);
    } else {
      for (var line : Files.readAllLines(out)) {
        rows.add(JSON.readTree(line));
      }
    }
    assertThat(rows).hasSize(3);
    return rows;
  }

  private static void assertJson(JsonNode claimed, JsonNode value) {
    var type = claimed.get("type").asText();
    var as = claimed.get("name").asText() + " claimed " + type + ", written " + value;
    switch (type) {
      case "number" -> assertThat(value.isNumber()).as(as).isTrue();
      case "boolean" -> assertThat(value.isBoolean()).as(as).isTrue();
      case "array" -> assertThat(value.isArray()).as(as).isTrue();
      case "string" -> {
        assertThat(value.isTextual()).as(as).isTrue();
        var form = TEXT_FORMS.get(claimed.get("outputType").asText());
        if (form != null) {
          assertThat(value.asText()).as(as).matches(form);
        }
      }
      // Embedded JSON: the table's JSON values are objects and arrays, never strings.
      case "json" -> assertThat(value.isContainerNode()).as(as).isTrue();
      case "any" -> assertThat(value.isValueNode()).as(as).isTrue();
      default -> throw new AssertionError("an unknown JSON type is claimed: " + as);
    }
  }

  private static void assertCsv(JsonNode claimed, String value) throws IOException {
    var type = claimed.get("type").asText();
    var as = claimed.get("name").asText() + " claimed " + type + ", written " + value;
    switch (type) {
      case "text", "any" -> assertThat(value).as(as).isNotNull();
      case "json" -> assertThat(JSON.readTree(value).isContainerNode()).as(as).isTrue();
      case "array" -> assertThat(JSON.readTree(value).isArray()).as(as).isTrue();
      default -> {
        var form = TEXT_FORMS.get(type);
        assertThat(form).as("an unknown CSV form is claimed: " + as).isNotNull();
        assertThat(value).as(as).matches(form);
      }
    }
  }
}
