// Runs one SQL statement in an in-memory DuckDB and prints its result as one JSON document:
// {"columns": [...], "types": [...], "rows": [{...}, ...]}. Values are DuckDB's own JSON forms:
// BIGINT and DECIMAL as strings (exact), timestamps as text, lists as arrays.
// The session's time zone is UTC, so TIMESTAMP WITH TIME ZONE prints as +00.
// Usage: node read.mjs "<sql>"
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
if (!sql) {
  console.error('usage: node read.mjs "<sql>"');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run("SET TimeZone = 'UTC'");
const reader = await connection.runAndReadAll(sql);
process.stdout.write(
  JSON.stringify({
    columns: reader.columnNames(),
    types: reader.columnTypes().map(String),
    rows: reader.getRowObjectsJson(),
  }) + '\n',
);
