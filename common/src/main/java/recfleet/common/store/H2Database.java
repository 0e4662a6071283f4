package recfleet.common.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * An H2 file database migrated by Flyway from a {@code db/...} folder on the classpath, shared
 * by the node and the master. Commits are flushed at once (WRITE_DELAY=0): whatever a caller
 * was told is stored must survive a kill -9.
 */
public final class H2Database implements AutoCloseable {
  private final JdbcConnectionPool pool;
  private final DSLContext dsl;

  private H2Database(JdbcConnectionPool pool) {
    this.pool = pool;
    this.dsl = DSL.using(pool, SQLDialect.H2);
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
    String url = "jdbc:h2:retry:" + dataDir.toAbsolutePath().resolve(fileName) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "recfleet", "");
    pool.setMaxConnections(32);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:" + migrations).load().migrate();
      return new H2Database(pool);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }

  public DSLContext dsl() {
    return dsl;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
