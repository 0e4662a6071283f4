package recfleet.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.config.RecfleetConfig;

/**
 * The master's port behind the same gate as a node's: the matrix is walked from its own router. Node
 * links (/link...) keep their token and are not asked for an API key.
 */
class MasterAccessTest {
  private static final String ADMIN_KEY = "master-admin-key-of-the-tests";
  private static final String VIEWER_KEY = "master-viewer-key-of-the-tests";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

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
      int checked = 0;
      for (Route route : master.routes()) {
        if (route.getPath() == null) continue;
        String path = route.getPath().replace(":id", "n1").replace(":session", "s1");
        Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty() ? Set.of(HttpMethod.GET) : route.methods();
        for (HttpMethod method : methods) {
          String what = method + " " + route.getPath();
          Reply none = call(master.port(), method, path, null);
          if (path.startsWith("/link")) {
            assertNotEquals(4010, none.code(), what + " answers with its own token check, not the API-key gate");
            continue;
          }
          assertEquals(401, none.status(), what + " without a key");
          boolean control = !(method == HttpMethod.GET || method == HttpMethod.HEAD)
              || path.startsWith("/addroom") || path.startsWith("/removeroom");
          int viewer = call(master.port(), method, path, VIEWER_KEY).status();
          if (control) assertEquals(403, viewer, what + " with a viewer key");
          else assertFalse(viewer == 401 || viewer == 403, what + " with a viewer key gave " + viewer);
          int admin = call(master.port(), method, path, ADMIN_KEY).status();
          assertFalse(admin == 401 || admin == 403, what + " with an admin key gave " + admin);
          checked++;
        }
      }
      assertTrue(checked >= 10, "the walk reached only " + checked + " gated routes");
      assertEquals(200, call(master.port(), HttpMethod.POST, "/api/rooms", ADMIN_KEY,
          "{\"roomId\":\"m1\",\"url\":\"rtmp://127.0.0.1:1/live/m1\"}").status(), "an admin adds a room");
    } finally {
      master.stop().await(30, TimeUnit.SECONDS);
    }
  }

  private record Reply(int status, int code) {}

  private static Reply call(int port, HttpMethod method, String path, String key) throws Exception {
    boolean bodyless = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE;
    return call(port, method, path, key, bodyless ? null : "{}");
  }

  private static Reply call(int port, HttpMethod method, String path, String key, String body) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (key != null) req.header("Authorization", "Bearer " + key);
    req.method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = CLIENT.send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    int code = 0;
    try {
      code = new JsonObject(r.body()).getInteger("code", 0);
    } catch (RuntimeException notJson) {
      code = 0;
    }
    return new Reply(r.statusCode(), code);
  }
}
