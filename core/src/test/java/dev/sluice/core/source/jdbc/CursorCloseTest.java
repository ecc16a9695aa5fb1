package dev.sluice.core.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.TestDatabases;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A cursor closed with rows left unread lets go of its connection on every database. */
@Timeout(60)
class CursorCloseTest {
  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void closingWithRowsUnreadReleasesTheDatabase(TestDatabases db) throws Exception {
    var table = TestDatabases.uniqueName("dryrun_close");
    db.createOrders(table, 100);
    try (var cursor = db.source().table(table).fetchSize(10).build().open()) {
      cursor.execute();
      assertThat(cursor.rows().next()).isTrue();
    }

    // A DROP fails (SQLite: the file is locked) or waits (PostgreSQL and MariaDB: the open
    // transaction's lock on the table) while the cursor's connection lives on.
    db.drop(table);
  }
}
