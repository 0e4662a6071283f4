package recfleet.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The API-key matrix, walked from a process's own router (node or master), so a route added later
 * without a rule fails the walk: no key and a wrong key get 401, a viewer key gets 403 on every
 * change (and on NGlive's GET /addroom and /removeroom), an admin key passes everywhere. Routes that
 * check a secret of their own (webhook targets, master links) must not be answered by the gate.
 */
public final class AccessMatrix {
  /** The gate's own code on a 401: a route answered with it was stopped by the API-key check. */
  public static final int GATE_CODE = 4010;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private AccessMatrix() {}

  /** An answer: its status and the JSON body's code (0 when the body is not JSON). */
  public record Answer(int status, int code) {}

  /**
   * Walks every route; {@code concrete} fills the path's parameters, {@code ownSecret} names the
   * paths that check a secret of their own. Returns how many route-and-method pairs were checked.
   */
  public static int walk(int port, List<Route> routes, UnaryOperator<String> concrete, Predicate<String> ownSecret,
                         String viewerKey, String adminKey) throws Exception {
    int checked = 0;
    for (Route route : routes) {
      if (route.getPath() == null) continue; // the gate itself and the last-resort 404
      String path = concrete.apply(route.getPath());
      Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty() ? Set.of(HttpMethod.GET) : route.methods();
      for (HttpMethod method : methods) {
        String what = method + " " + route.getPath();
        Answer none = call(port, method, path, null);
        if (ownSecret.test(path)) {
          assertNotEquals(GATE_CODE, none.code(), what + " checks its own secret, not an API key");
          continue;
        }
        assertEquals(401, none.status(), what + " without a key");
        assertEquals(401, call(port, method, path, "not-a-key-at-all-00000").status(), what + " with a wrong key");
        boolean control = !(method == HttpMethod.GET || method == HttpMethod.HEAD)
            || path.startsWith("/addroom") || path.startsWith("/removeroom");
        int viewer = call(port, method, path, viewerKey).status();
        if (control) assertEquals(403, viewer, what + " with a viewer key");
        else assertFalse(viewer == 401 || viewer == 403, what + " with a viewer key gave " + viewer);
        int admin = call(port, method, path, adminKey).status();
        assertFalse(admin == 401 || admin == 403, what + " with an admin key gave " + admin);
        checked++;
      }
    }
    return checked;
  }

  /** One call with the key as a bearer token (none when null); a JSON body on methods that carry one. */
  public static Answer call(int port, HttpMethod method, String path, String key) throws Exception {
    boolean bodyless = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE;
    return call(port, method, path, key, bodyless ? null : "{}");
  }

  public static Answer call(int port, HttpMethod method, String path, String key, String body) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (key != null) req.header("Authorization", "Bearer " + key);
    if (body != null) req.header("content-type", "application/json");
    req.method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = CLIENT.send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    int code;
    try {
      code = new JsonObject(r.body()).getInteger("code", 0);
    } catch (RuntimeException notJson) {
      code = 0;
    }
    return new Answer(r.statusCode(), code);
  }
}
