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
import recfleet.node.testing.Poll;
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
