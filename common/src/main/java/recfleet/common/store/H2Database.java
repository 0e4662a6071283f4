package recfleet.common.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStore;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An H2 file database migrated by Flyway from a {@code db/...} folder on the classpath, shared
 * by the node and the master. Whatever a caller was told is stored must survive a kill -9:
 *
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: every commit is written to the file before it returns.
 *   <li>{@code REUSE_SPACE=FALSE}: new data is only ever appended. H2 2.5.252 (and 2.3) writes a
 *       chunk placed in reused space, then its file header naming the chunk <em>before</em> it; after a
 *       kill -9 it recovers from that older chunk and silently drops every commit made since (seen as
 *       recordings that went back from STORED to RECORDED in the crash trial, and reproduced by
 *       {@code H2DatabaseTest}). Appended chunks are found again from the footer at the end of the file.
 *   <li>Appending grows the file, so {@link #compactIfSparse} moves the live chunks together and
 *       truncates the file when most of it is garbage; the node and the master call it periodically.
 * </ul>
 */
public final class H2Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Database.class);
  /** URL settings that make every acknowledged commit survive a kill -9 (see the class comment). */
  static final String DURABLE = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;REUSE_SPACE=FALSE";
  /** Compact once the file is this big and less than half of it is live data. */
  static final long COMPACT_ABOVE_BYTES = 8L << 20;
  private static final int COMPACT_BELOW_FILL_PERCENT = 50;
  private static final int COMPACT_MAX_MILLIS = 2000;
  /** How often the node and the master ask for {@link #compactIfSparse()}. */
  public static final java.time.Duration COMPACT_EVERY = java.time.Duration.ofMinutes(10);

  private final JdbcConnectionPool pool;
  private final DSLContext dsl;
  private final String name;

  private H2Database(JdbcConnectionPool pool, String name) {
    this.pool = pool;
    this.dsl = DSL.using(pool, SQLDialect.H2);
    this.name = name;
  }

  /** Opens (creating when needed) {@code dataDir/fileName} and applies {@code classpath:migrations}. */
  public static H2Database open(Path dataDir, String fileName, String migrations) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data folder " + dataDir, e);
    }
    // "retry:" is H2's file system that reopens its file channel when the JDK closed it because the
    // thread using it was interrupted (ClosedByInterruptException). Without it one interrupted
    // writer (a worker pool shut down with a query under way) broke the store for every connection.
    String url = "jdbc:h2:retry:" + dataDir.toAbsolutePath().resolve(fileName) + DURABLE;
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "recfleet", "");
    pool.setMaxConnections(32);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:" + migrations).load().migrate();
      H2Database db = new H2Database(pool, fileName);
      db.compactIfSparse(COMPACT_ABOVE_BYTES);
      return db;
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }

  public DSLContext dsl() {
    return dsl;
  }

  /** {@link #compactIfSparse(long)} with the default size threshold. Blocking: call it from a worker. */
  public boolean compactIfSparse() {
    return compactIfSparse(COMPACT_ABOVE_BYTES);
  }

  /**
   * Moves the live chunks to the front of the file and truncates it, when the file is bigger than
   * {@code aboveBytes} and less than half of it is live. While it runs, commits wait (it holds the
   * store's lock, for at most about two seconds); space reuse is allowed only inside that lock, and
   * H2 writes its file header at the end of the move, so no commit can land where recovery would not
   * find it. Returns whether it compacted. Blocking.
   */
  boolean compactIfSparse(long aboveBytes) {
    try (Connection c = pool.getConnection()) {
      MVStore store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
      long before = store.getFileStore().size();
      int fill = store.getFileStore().getFillRate();
      if (before <= aboveBytes || fill >= COMPACT_BELOW_FILL_PERCENT) return false;
      int retention = store.getRetentionTime();
      store.executeFilestoreOperation(() -> {
        store.setReuseSpace(true);
        try {
          store.compactFile(COMPACT_MAX_MILLIS);
        } finally {
          store.setReuseSpace(false);
          store.setRetentionTime(retention); // compactFile leaves it at 0
        }
      });
      log.info("[store {}] compacted from {} to {} bytes ({} % of it was live)", name, before,
          store.getFileStore().size(), fill);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the store to compact it", e);
    }
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
