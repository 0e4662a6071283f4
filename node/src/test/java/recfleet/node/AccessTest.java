package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import recfleet.common.auth.AccessGuard;
import recfleet.common.config.ConfigException;
import recfleet.common.config.RecfleetConfig;
import recfleet.common.testing.AccessMatrix;
import recfleet.common.testing.Poll;
import recfleet.node.testing.TestNode;
import recfleet.node.webhook.WebhookRoutes;

/**
 * API keys with roles on every route of a node: the matrix is walked from the node's own router,
 * so a route added later without a rule fails it; /ws needs a viewer key at the handshake; changes
 * are logged with the key's name, never the key; and the boot refuses to listen beyond loopback
 * with no key.
 */
class AccessTest {
  static final String ADMIN_KEY = "admin-key-of-the-tests-0001";
  static final String VIEWER_KEY = "viewer-key-of-the-tests-0002";
  private static final Map<String, String> KEYS = Map.of("RECFLEET_AUTH_KEYS",
      "ops:admin:" + ADMIN_KEY + ",dash:viewer:" + VIEWER_KEY);
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @Test
  void every_route_needs_a_key_and_changes_need_an_admin_key() throws Exception {
    try (TestNode node = TestNode.start(dir, KEYS)) {
      int checked = AccessMatrix.walk(node.port(), node.routes(), AccessTest::concrete,
          path -> WebhookRoutes.PATHS.contains(path) || path.startsWith("/api/link/"), VIEWER_KEY, ADMIN_KEY);
      assertTrue(checked >= 25, "the walk reached only " + checked + " gated routes");
      // the other two ways to present a key
      assertEquals(200, send(node.port(), HttpRequest.newBuilder(uri(node.port(), "/api/rooms"))
          .header(AccessGuard.HEADER, VIEWER_KEY).GET()).statusCode());
      assertEquals(200, send(node.port(), HttpRequest.newBuilder(uri(node.port(), "/allroom?api_key=" + VIEWER_KEY))
          .GET()).statusCode());
    }
  }

  @Test
  void the_event_socket_needs_a_viewer_key_at_the_handshake() throws Exception {
    try (TestNode node = TestNode.start(dir, KEYS)) {
      Vertx vertx = Vertx.vertx();
      try {
        WebSocketClient client = vertx.createWebSocketClient();
        var refused = assertThrows(Exception.class, () -> client.connect(options(node.port(), "/ws"))
            .await(10, TimeUnit.SECONDS), "a socket without a key");
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        List<JsonObject> events = new CopyOnWriteArrayList<>();
        client.connect(options(node.port(), "/ws").addHeader("Authorization", "Bearer " + VIEWER_KEY))
            .onSuccess(ws -> ws.textMessageHandler(t -> events.add(new JsonObject(t)))).await(10, TimeUnit.SECONDS);
        Poll.until(Duration.ofSeconds(15), "a heartbeat on the viewer's socket",
            () -> events.stream().anyMatch(e -> "heartbeat".equals(e.getString("EventType"))));
        // a browser cannot set headers on a WebSocket: the key may come in the query
        client.connect(options(node.port(), "/ws?api_key=" + VIEWER_KEY)).await(10, TimeUnit.SECONDS);
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void a_change_is_logged_with_the_keys_name_and_never_the_key() throws Exception {
    Logger guard = (Logger) LoggerFactory.getLogger(AccessGuard.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    guard.addAppender(seen);
    try (TestNode node = TestNode.start(dir, KEYS)) {
      String source = java.net.URLEncoder.encode("rtmp://127.0.0.1:1/live/x", java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(200, status(node.port(), HttpMethod.GET, "/addroom?roomid=aud1&url=" + source + "&api_key=" + ADMIN_KEY, null));
      assertEquals(403, status(node.port(), HttpMethod.DELETE, "/api/rooms/aud1", VIEWER_KEY));
      List<String> lines = Poll.until(Duration.ofSeconds(5), "two audit lines", () -> {
        List<String> l = seen.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("audit")).toList();
        return l.size() >= 2 ? l : null;
      });
      assertTrue(lines.get(0).contains("[room aud1]") && lines.get(0).contains("key 'ops'") && lines.get(0).contains("/addroom")
          && lines.get(0).endsWith("200"), lines.get(0));
      assertTrue(lines.get(1).contains("key 'dash'") && lines.get(1).endsWith("403"), lines.get(1));
      for (ILoggingEvent e : seen.list) {
        assertFalse(e.getFormattedMessage().contains(ADMIN_KEY) || e.getFormattedMessage().contains(VIEWER_KEY),
            e.getFormattedMessage());
      }
    } finally {
      guard.detachAppender(seen);
    }
  }

  @Test
  void browsers_get_cors_answers_only_for_the_configured_origins() throws Exception {
    Map<String, String> cors = new java.util.HashMap<>(KEYS);
    cors.put("RECFLEET_AUTH_CORS_ORIGINS", "https://ops.example.org");
    try (TestNode node = TestNode.start(dir.resolve("cors"), cors); TestNode plain = TestNode.start(dir.resolve("plain"), KEYS)) {
      HttpResponse<byte[]> allowed = send(node.port(), HttpRequest.newBuilder(uri(node.port(), "/api/rooms"))
          .header("Origin", "https://ops.example.org").header(AccessGuard.HEADER, VIEWER_KEY).GET());
      assertEquals("https://ops.example.org", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
      HttpResponse<byte[]> stranger = send(node.port(), HttpRequest.newBuilder(uri(node.port(), "/api/rooms"))
          .header("Origin", "https://evil.example").header(AccessGuard.HEADER, VIEWER_KEY).GET());
      assertTrue(stranger.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS for other origins");
      HttpResponse<byte[]> none = send(plain.port(), HttpRequest.newBuilder(uri(plain.port(), "/api/rooms"))
          .header("Origin", "https://ops.example.org").header(AccessGuard.HEADER, VIEWER_KEY).GET());
      assertTrue(none.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS unless configured");
    }
  }

  @Test
  void a_node_listens_beyond_loopback_only_with_a_key_or_when_told_it_is_open() {
    // decided from the configuration alone: nothing is bound here
    assertEquals("127.0.0.1", options(Map.of()).httpHost(), "no key, no address: loopback only");
    assertEquals("0.0.0.0", options(KEYS).httpHost(), "keys, no address: every address");
    ConfigException refused = assertThrows(ConfigException.class,
        () -> options(Map.of("RECFLEET_BASIC_HTTP_HOST", "0.0.0.0")));
    assertTrue(refused.getMessage().contains("[AUTH] keys") && refused.getMessage().contains("open"), refused.getMessage());
    assertEquals("0.0.0.0", options(Map.of("RECFLEET_BASIC_HTTP_HOST", "0.0.0.0", "RECFLEET_AUTH_OPEN", "true")).httpHost());
    assertEquals("127.0.0.2", options(Map.of("RECFLEET_BASIC_HTTP_HOST", "127.0.0.2")).httpHost(), "any loopback is fine");
    ConfigException weak = assertThrows(ConfigException.class, () -> options(Map.of("RECFLEET_AUTH_KEYS", "ops:admin:short")));
    assertFalse(weak.getMessage().contains("short"), "a key is never shown, even a bad one: " + weak.getMessage());
  }

  private NodeOptions options(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putIfAbsent("RECFLEET_BASIC_DATA_DIR", dir.resolve("data").toString());
    return NodeOptions.from(RecfleetConfig.load(NodeConfigKeys.all(), null, all));
  }

  private static WebSocketConnectOptions options(int port, String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  /** A route's path with a plausible value for each parameter. */
  private static String concrete(String path) {
    return path.replace(":roomId", "sec1").replace(":stream", "sec1").replace(":id", "sec1")
        .replace(":file", "x.mp4").replace(":cover", "x.jpg").replace(":session", "s1");
  }

  private static int status(int port, HttpMethod method, String path, String key) throws Exception {
    return AccessMatrix.call(port, method, path, key).status();
  }

  private static HttpResponse<byte[]> send(int port, HttpRequest.Builder req) throws Exception {
    return CLIENT.send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
