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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An H2 file database migrated by Flyway from a {@code db/...} folder on the classpath, shared
 * by the node and the master. Commits are flushed at once (WRITE_DELAY=0): whatever a caller
 * was told is stored must survive a kill -9.
 */
public final class H2Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Database.class);
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
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(fileName) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    for (int attempt = 1; ; attempt++) {
      // An interrupt pending on this thread would make the JDK close H2's file channel under it
      // (ClosedByInterruptException) and break the store for every connection: clear it first.
      boolean wasInterrupted = Thread.interrupted();
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "recfleet", "");
      pool.setMaxConnections(32);
      try {
        Flyway.configure().dataSource(pool).locations("classpath:" + migrations).load().migrate();
        if (wasInterrupted) Thread.currentThread().interrupt();
        return new H2Database(pool);
      } catch (RuntimeException e) {
        pool.dispose();
        if (attempt >= 3 || !interrupted(e)) throw e;
        log.warn("opening the database in {} was interrupted; trying again", dataDir);
      }
    }
  }

  private static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.ClosedByInterruptException) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }

  public DSLContext dsl() {
    return dsl;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
