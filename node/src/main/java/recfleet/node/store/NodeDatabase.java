package recfleet.node.store;

import java.nio.file.Path;
import org.jooq.DSLContext;
import recfleet.common.store.H2Database;

/** The node's H2 file database, migrated by Flyway from {@code db/node} at open. */
public final class NodeDatabase implements AutoCloseable {
  private final H2Database db;

  private NodeDatabase(H2Database db) {
    this.db = db;
  }

  public static NodeDatabase open(Path dataDir) {
    return new NodeDatabase(H2Database.open(dataDir, "recfleet-node", "db/node"));
  }

  public DSLContext dsl() {
    return db.dsl();
  }

  /** Shrinks the file when most of it is garbage (see {@link H2Database#compactIfSparse()}). Blocking. */
  public boolean compactIfSparse() {
    return db.compactIfSparse();
  }

  @Override
  public void close() {
    db.close();
  }
}
