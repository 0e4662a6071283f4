package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.testing.Http;
import recfleet.common.testing.Poll;
import recfleet.node.testing.TestNode;

/**
 * Sources an attacker would try, against a real node: each is refused with 4031 and the rule, and
 * no connection is made. Everything stays on loopback: the "internal" host is 127.0.0.2, denied by
 * the configuration, with a server on it that counts connections; the same kind of server on
 * 127.0.0.1 shows the counting works. Link-local, private and public addresses are judged in
 * SourcePolicyTest, which opens no socket.
 */
class HostileSourcesTest {
  @TempDir
  Path dir;

  @Test
  void hostile_sources_are_refused_with_the_rule_and_nothing_is_reached() throws Exception {
    try (Counter internal = new Counter("127.0.0.2"); Counter allowed = new Counter("127.0.0.1");
         TestNode node = TestNode.start(dir, Map.of("RECFLEET_RECORD_ALLOW_LAVFI", "false",
             "RECFLEET_RECORD_DENIED_HOSTS", "127.0.0.2"))) {
      Map<String, String> hostile = Map.of(
          "file:///etc/passwd", "file_roots",
          "/etc/passwd", "file_roots",
          "lavfi:movie=/etc/passwd", "allow_lavfi",
          "http://169.254.169.254/latest/meta-data/", "link-local",
          "rtmp://127.0.0.2:" + internal.port() + "/live/x", "denied_hosts",
          "http://127.0.0.2:" + internal.port() + "/live.flv", "denied_hosts");
      int n = 0;
      for (var source : hostile.entrySet()) {
        Http.Reply r = Http.post(node.port(), "/api/rooms",
            new JsonObject().put("roomId", "h" + n++).put("url", source.getKey()).encode());
        assertEquals(400, r.status(), source.getKey() + ": " + r.body().encode());
        assertEquals(4031, r.body().getInteger("code"), source.getKey());
        assertTrue(r.body().getString("message").contains(source.getValue()),
            source.getKey() + " is refused naming " + source.getValue() + ": " + r.body().getString("message"));
      }
      assertEquals(0, Http.get(node.port(), "/api/rooms").body().getJsonArray("data").size(), "no room was added");

      // the counter works: an allowed source is connected to
      assertEquals(201, Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "ok1")
          .put("url", "rtmp://127.0.0.1:" + allowed.port() + "/live/x").encode()).status());
      Poll.until(Duration.ofSeconds(20), "the allowed source connected to", () -> allowed.connections() > 0);
      assertEquals(0, internal.connections(), "nothing reached the denied host");
    }
  }

  /**
   * An HTTP-FLV source on an allowed address that redirects to the denied one: FFmpeg follows
   * redirects by itself, so the node sends it through its policy proxy, which judges the new target
   * too. The redirect is asked for; the denied host is never reached; the room says why.
   */
  @Test
  void a_redirect_to_a_denied_host_is_refused_before_any_connection() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (Counter internal = new Counter("127.0.0.2");
         TestNode node = TestNode.start(dir, Map.of("RECFLEET_RECORD_DENIED_HOSTS", "127.0.0.2"))) {
      var redirector = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 10);
      redirector.createContext("/", exchange -> {
        asked.incrementAndGet();
        exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + internal.port() + "/live.flv");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
      });
      redirector.start();
      try {
        String url = "http://127.0.0.1:" + redirector.getAddress().getPort() + "/live.flv";
        assertEquals(201, Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "redir1").put("url", url)
            .encode()).status(), "the source itself is on an allowed address");
        JsonObject room = Poll.until(Duration.ofSeconds(30), "the room blocked by the redirect", () -> {
          JsonObject r = Http.get(node.port(), "/api/rooms/redir1").body().getJsonObject("data");
          return "BLOCKED".equals(r.getString("state")) ? r : null;
        });
        assertTrue(room.getString("problem").contains("denied_hosts"), room.encode());
        assertTrue(asked.get() > 0, "the allowed source was asked");
        assertEquals(0, internal.connections(), "the redirect's target was never reached");
        assertEquals(200, Http.delete(node.port(), "/api/rooms/redir1").status(), "a blocked room can be removed");
      } finally {
        redirector.stop(0);
      }
    }
  }

  /** A TCP server on one loopback address that accepts, counts and closes. */
  private static final class Counter implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();

    Counter(String address) throws Exception {
      server = new ServerSocket(0, 50, InetAddress.getByName(address));
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            accepted.incrementAndGet();
          } catch (Exception closed) {
            return;
          }
        }
      }, "counter-" + address);
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return accepted.get();
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }
}
