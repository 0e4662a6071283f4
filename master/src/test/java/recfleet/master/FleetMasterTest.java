package recfleet.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.WireTypes;
import recfleet.common.link.LinkMessage;
import recfleet.common.link.LinkRefused;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.common.link.RoomSync;
import recfleet.master.fleet.WantedRoom;
import recfleet.master.link.NodeChannel;
import recfleet.master.store.MasterStore;

/**
 * The running master with a real H2 store, driven through a recording channel: token checks on
 * the bus (where the hello carries the token), hello-first, and placements that reach a node
 * only once stored and survive a master restart.
 */
class FleetMasterTest {
  private static final String TOKEN = "the-right-token";
  @TempDir
  Path dir;
  private Vertx vertx;
  private MasterStore store;
  private FleetMaster master;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    WireTypes.register(vertx);
    boot();
  }

  private void boot() throws Exception {
    store = MasterStore.open(dir);
    var options = new MasterOptions("127.0.0.1", 0, dir, TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(60), null,
        List.of(), Duration.ofDays(30), new recfleet.common.auth.AuthOptions(List.of(), false, List.of(), null, null), 1, "http://127.0.0.1:0");
    master = new FleetMaster(options, store, Clock.systemUTC());
    vertx.deployVerticle(master).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    store.close();
  }

  @Test
  void a_bus_hello_with_a_wrong_token_is_refused_and_the_node_gets_nothing() throws Exception {
    var channel = new RecordingChannel(true);
    master.received(channel, hello("intruder", "not-the-token"));
    var refused = channel.await(LinkRefused.class);
    assertEquals("wrong token", refused.reason());
    assertTrue(channel.closed);
    assertTrue(master.read(f -> f.node("intruder") == null).await(10, TimeUnit.SECONDS), "not listed");
    master.received(channel, beat("intruder", 2));
    channel.await(m -> m instanceof LinkRefused r && r.helloFirst());
    assertFalse(channel.sent.stream().anyMatch(m -> m instanceof RoomSync), "no room list ever");
  }

  @Test
  void a_node_gets_its_rooms_once_stored_and_keeps_them_across_a_master_restart() throws Exception {
    var channel = new RecordingChannel(true);
    master.received(channel, hello("node-1", TOKEN));
    channel.await(RoomSync.class);
    master.change(f -> f.add(new WantedRoom("r1", "rtmp://127.0.0.1/live/r1", Map.of(), null, null, Instant.now())))
        .await(10, TimeUnit.SECONDS);
    RoomSync sync = channel.await(m -> m instanceof RoomSync s && s.rooms().size() == 1);
    long epoch = sync.rooms().get(0).epoch();
    assertEquals(4000, sync.leaseMs(), "down_after less one second");

    vertx.undeploy(master.deploymentID()).await(10, TimeUnit.SECONDS);
    store.close();
    boot(); // the same database
    var again = new RecordingChannel(true);
    master.received(again, beat("node-1", 5));
    again.await(m -> m instanceof LinkRefused r && r.helloFirst()); // a new master wants a hello first
    master.received(again, hello("node-1", TOKEN));
    RoomSync restored = again.await(m -> m instanceof RoomSync s && s.rooms().size() == 1);
    assertEquals(epoch, restored.rooms().get(0).epoch(), "the stored placement and its epoch are kept");
  }

  private static NodeHello hello(String nodeId, String token) {
    return new NodeHello(nodeId, token, 1, "127.0.0.1:1", List.of(), 10, "member-" + nodeId, List.of());
  }

  private static NodeHeartbeat beat(String nodeId, long seq) {
    return new NodeHeartbeat(nodeId, "127.0.0.1:1", seq, System.currentTimeMillis(), 0.1, 1, 2, 3, 0, 0, 10, List.of());
  }

  /** A channel that keeps what the master sends, as the bus transport would carry it. */
  static final class RecordingChannel implements NodeChannel {
    final List<LinkMessage> sent = new CopyOnWriteArrayList<>();
    final boolean tokenInHello;
    volatile boolean closed;
    volatile String nodeId;

    RecordingChannel(boolean tokenInHello) {
      this.tokenInHello = tokenInHello;
    }

    <T extends LinkMessage> T await(Class<T> type) {
      return type.cast(await(type::isInstance));
    }

    @SuppressWarnings("unchecked")
    <T extends LinkMessage> T await(java.util.function.Predicate<LinkMessage> what) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        for (LinkMessage m : sent) {
          if (what.test(m)) return (T) m;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling interval
      }
      throw new AssertionError("the master never sent it; sent: " + sent);
    }

    @Override
    public String mode() {
      return "cluster";
    }

    @Override
    public void send(LinkMessage message) {
      sent.add(message);
    }

    @Override
    public void close(String reason) {
      closed = true;
    }

    @Override
    public void bind(String nodeId) {
      this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
      return nodeId;
    }

    @Override
    public boolean needsTokenInHello() {
      return tokenInHello;
    }
  }
}
