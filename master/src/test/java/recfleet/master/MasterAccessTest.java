package recfleet.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.config.RecfleetConfig;
import recfleet.common.testing.AccessMatrix;

/**
 * The master's port behind the same gate as a node's: the matrix is walked from its own router. Node
 * links (/link...) keep their token and are not asked for an API key.
 */
class MasterAccessTest {
  private static final String ADMIN_KEY = "master-admin-key-of-the-tests";
  private static final String VIEWER_KEY = "master-viewer-key-of-the-tests";

  @TempDir
  Path dir;

  @Test
  void every_master_route_needs_a_key_and_changes_need_an_admin_key() throws Exception {
    MasterOptions options = MasterOptions.from(RecfleetConfig.load(MasterConfigKeys.ALL, null, Map.of(
        "RECFLEET_MASTER_TOKEN", "fleet-t0ken-of-the-tests", "RECFLEET_MASTER_HTTP_HOST", "127.0.0.1",
        "RECFLEET_MASTER_HTTP_PORT", "0", "RECFLEET_MASTER_DATA_DIR", dir.toString(),
        "RECFLEET_AUTH_KEYS", "ops:admin:" + ADMIN_KEY + ",dash:viewer:" + VIEWER_KEY)));
    MasterMain.Running master = MasterMain.start(options).await(60, TimeUnit.SECONDS);
    try {
      // node links (/link...) keep their token and are not asked for an API key
      int checked = AccessMatrix.walk(master.port(), master.routes(),
          path -> path.replace(":id", "n1").replace(":session", "s1").replace(":stream", "s1"),
          path -> path.startsWith("/link"), VIEWER_KEY, ADMIN_KEY);
      assertTrue(checked >= 10, "the walk reached only " + checked + " gated routes");
      assertEquals(200, AccessMatrix.call(master.port(), HttpMethod.POST, "/api/rooms", ADMIN_KEY,
          "{\"roomId\":\"m1\",\"url\":\"rtmp://127.0.0.1:1/live/m1\"}").status(), "an admin adds a room");
    } finally {
      master.stop().await(30, TimeUnit.SECONDS);
    }
  }
}
