package dev.sluice.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DuckDB, a reader nobody here wrote, run through its npm package ({@code @duckdb/node-api}, pinned
 * in {@code test-tools/duckdb/package-lock.json}) by {@code test-tools/duckdb/read.mjs}. {@code
 * .ci/run} installs it; a test run without it installs it here first ({@code npm ci}).
 */
public final class DuckDb {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static Path tools;

  private DuckDb() {}

  /** The result of {@code sql}: {@code columns}, {@code types} and {@code rows} (objects). */
  public static JsonNode query(String sql) throws IOException, InterruptedException {
    var dir = tools();
    var out = Files.createTempFile("duckdb", ".json");
    var err = Files.createTempFile("duckdb", ".err");
    try {
      var p =
          new ProcessBuilder("node", "read.mjs", sql)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("duckdb: no answer in 120 s to " + sql);
      }
      if (p.exitValue() != 0) {
        throw new IOException("duckdb failed on " + sql + ": " + Files.readString(err));
      }
      return MAPPER.readTree(out.toFile());
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The rows of {@code sql}, each a JSON object of DuckDB's values. */
  public static List<JsonNode> rows(String sql) throws IOException, InterruptedException {
    var list = new ArrayList<JsonNode>();
    query(sql).get("rows").forEach(list::add);
    return list;
  }

  /** A path as a DuckDB string literal. */
  public static String literal(Path file) {
    return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
  }

  private static synchronized Path tools() throws IOException, InterruptedException {
    if (tools != null) {
      return tools;
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("test-tools/duckdb/package.json"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IOException("test-tools/duckdb not found above " + Path.of("").toAbsolutePath());
    }
    var d = dir.resolve("test-tools/duckdb");
    if (!Files.isDirectory(d.resolve("node_modules/@duckdb/node-api"))) {
      var p =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(d.toFile())
              .redirectErrorStream(true)
              .start();
      var log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("npm ci in " + d + " failed: " + log);
      }
    }
    tools = d;
    return d;
  }
}
