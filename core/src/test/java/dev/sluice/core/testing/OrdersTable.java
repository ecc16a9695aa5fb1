package dev.sluice.core.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An orders table ({@link TestDatabases#createOrders}) created before a test class runs and dropped
 * after it. Its name is {@link TestDatabases#uniqueName}: the prefix plus this JVM's pid, so that
 * the same test class running in several worktrees at once never drops the other's table.
 *
 * <pre>{@code
 * @RegisterExtension static final OrdersTable ORDERS = OrdersTable.of(POSTGRESQL, "mf_orders", 1000);
 * }</pre>
 */
public final class OrdersTable implements BeforeAllCallback, AfterAllCallback {
  private final TestDatabases db;
  private final String name;
  private final long rows;

  private OrdersTable(TestDatabases db, String name, long rows) {
    this.db = db;
    this.name = name;
    this.rows = rows;
  }

  public static OrdersTable of(TestDatabases db, String prefix, long rows) {
    return new OrdersTable(db, TestDatabases.uniqueName(prefix), rows);
  }

  /** The table's name, safe to paste into SQL. */
  public String name() {
    return name;
  }

  public long rows() {
    return rows;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    db.createOrders(name, rows);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    db.drop(name);
  }
}
