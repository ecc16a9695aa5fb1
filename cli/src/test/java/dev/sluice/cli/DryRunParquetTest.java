package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.DuckDb;
import dev.sluice.core.testing.TestDatabases;
import dev.sluice.core.testing.TypedTables;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@code --dry-run --format parquet} says each column becomes is the schema of the Parquet
 * file the export then writes, as DuckDB (a reader nobody here wrote) reads it from the footer: the
 * physical type, a decimal's precision and scale, a timestamp's UTC adjustment, a list's element.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DryRunParquetTest {
  private static final String TABLE = TestDatabases.uniqueName("dryrun_pq");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\) as (\\S+)");

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

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void theDryRunSaysTheSchemaTheExportWrites(TestDatabases db) throws Exception {
    var out = dir.resolve("typed.parquet");
    var planFile = dir.resolve("plan.json");
    var dry = Cli.run(args(db, "--dry-run", "--summary-json", planFile.toString(), "--to", out));
    assertThat(dry.exit()).as(dry.toString()).isZero();
    assertThat(out).doesNotExist();
    assertThat(dry.stdout()).contains("pages zstd");
    var claimed = JSON.readTree(planFile.toFile()).get("columns");

    var run = Cli.run(args(db, "--to", out));
    assertThat(run.exit()).as(run.toString()).isZero();

    // parquet_schema: the root, then each column depth first (a list: group, repeated group,
    // element), so the leaves in order are the columns' values or their lists' elements.
    var schema = DuckDb.rows("SELECT * FROM parquet_schema(" + DuckDb.literal(out) + ")");
    var leaves = new ArrayList<JsonNode>();
    for (var row : schema) {
      if (row.get("num_children").isNull() || row.get("num_children").asInt() == 0) {
        leaves.add(row);
      }
    }
    assertThat(leaves).hasSize(claimed.size()).hasSizeGreaterThan(8);
    for (int i = 0; i < claimed.size(); i++) {
      var column = claimed.get(i);
      var type = column.get("type").asText();
      var leaf = leaves.get(i);
      var as = column.get("name").asText() + " claimed " + type + ", written " + leaf;
      if (type.startsWith("LIST<")) {
        type = type.substring("LIST<".length(), type.length() - 1);
      } else {
        assertThat(leaf.get("name").asText()).as(as).isEqualTo(column.get("name").asText());
      }
      assertThat(leaf.get("type").asText()).as(as).isEqualTo(physical(type));
      var decimal = DECIMAL.matcher(type);
      if (decimal.matches()) {
        assertThat(leaf.get("precision").asInt())
            .as(as)
            .isEqualTo(Integer.parseInt(decimal.group(1)));
        assertThat(leaf.get("scale").asInt()).as(as).isEqualTo(Integer.parseInt(decimal.group(2)));
      }
      var logical = leaf.get("logical_type").isNull() ? "" : leaf.get("logical_type").asText();
      if (type.startsWith("TIMESTAMP(")) {
        assertThat(logical)
            .as(as)
            .contains(type.endsWith("UTC)") ? "isAdjustedToUTC=1" : "isAdjustedToUTC=0");
      }
      if (type.equals("UUID") || type.equals("JSON") || type.equals("STRING")) {
        assertThat(logical.toUpperCase(Locale.ROOT)).as(as).contains(type);
      }
    }
  }

  /** The physical type a description names: after "as", else the one its logical type has. */
  private static String physical(String type) {
    int as = type.indexOf(" as ");
    if (as >= 0) {
      return type.substring(as + 4);
    }
    if (type.startsWith("TIMESTAMP(") || type.startsWith("TIME(")) {
      return "INT64";
    }
    return switch (type) {
      case "STRING", "JSON", "BINARY" -> "BYTE_ARRAY";
      case "DATE" -> "INT32";
      case "UUID" -> "FIXED_LEN_BYTE_ARRAY";
      default -> type.replaceFirst("\\(\\d+\\)$", "");
    };
  }

  private static String[] args(TestDatabases db, Object... more) {
    var args = new ArrayList<>(List.of("export", "--from", db.url()));
    if (db == TestDatabases.MARIADB) {
      // MariaDB's TIME holds durations to 838 hours; Parquet's TIME is a time of day, so the
      // row with -838:59:59 is refused (and said so): leave it out.
      args.addAll(List.of("--query", "SELECT * FROM " + TABLE + " WHERE tm >= '00:00:00'"));
    } else {
      args.addAll(List.of("--table", TABLE));
    }
    if (db.user() != null) {
      args.addAll(List.of("--user", db.user()));
    }
    for (var m : more) {
      args.add(m.toString());
    }
    return args.toArray(String[]::new);
  }
}
