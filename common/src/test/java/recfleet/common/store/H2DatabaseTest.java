package recfleet.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store survives a writer whose thread is interrupted mid-write, and keeps what it was told. */
class H2DatabaseTest {
  @TempDir
  Path dir;

  @Test
  void an_interrupted_writer_does_not_break_the_store() {
    try (H2Database db = H2Database.open(dir, "t", "db/h2test")) {
      for (int i = 0; i < 20; i++) {
        Thread.currentThread().interrupt(); // the JDK closes a file channel used by an interrupted thread
        try {
          db.dsl().execute("INSERT INTO note VALUES (?, ?)", i, "row " + i);
        } finally {
          Thread.interrupted();
        }
      }
      assertEquals(20, db.dsl().fetchCount(DSL.table("note")));
    }
    try (H2Database again = H2Database.open(dir, "t", "db/h2test")) {
      assertEquals(20, again.dsl().fetchCount(DSL.table("note")), "every row is on disk");
    }
  }
}
