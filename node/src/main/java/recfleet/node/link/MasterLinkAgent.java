package recfleet.node.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;
import recfleet.common.link.Assignment;
import recfleet.common.link.HeldRoom;
import recfleet.common.link.LinkMessage;
import recfleet.common.link.LinkRefused;
import recfleet.common.link.NodeEventFrame;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.common.link.NodeLeaving;
import recfleet.common.link.RoomSync;
import recfleet.node.notify.NodeEvents;
import recfleet.node.record.RecordingBoard;
import recfleet.node.store.RoomStore;

/**
 * The node's side of the master link, whatever carries it: says hello on every new link, sends
 * heartbeats (figures and held rooms) and its events, and applies each room list the master
 * sends. Applying a list stops every held room the list no longer has (or has at a newer epoch)
 * before the write lease is renewed, then starts what is new; so a node that was frozen or cut
 * off stops the rooms that moved on before it writes anything again.
 *
 * <p>Transports ({@link ReverseDialer}, {@link ClusterTransport}, the forward routes) hand it a
 * {@link MasterChannel} and the messages they receive; every entry point hops onto this
 * verticle's event loop, where all its state lives.
 */
public final class MasterLinkAgent extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MasterLinkAgent.class);
  private static final DeliveryOptions STOP_TIMEOUT = new DeliveryOptions().setSendTimeout(120_000);

  /** Where the node's messages to the master go; one per live link. */
  public interface MasterChannel {
    /** False when the message could not be handed to the link (it has closed, or is not read). */
    boolean send(LinkMessage message);
  }

  /** Events kept while no link takes them: an hour of a busy node's file and upload events. */
  static final int BACKLOG_EVENTS = 10_000;

  private final String nodeId;
  private final java.util.function.Supplier<String> httpAddress;
  private final int capacity;
  private final LinkOptions options;
  private final RoomStore rooms;
  private final WorkerExecutor db;
  private final RecordingBoard board;
  private final WriteLease lease;
  private final Path disk;
  private final NodeEvents events;
  private final java.util.function.Supplier<String> clusterMember;
  private String helloMember;
  private final Map<Long, Long> sentNanos = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
      return size() > 256;
    }
  };
  private Map<String, Long> held = new HashMap<>();
  /** Held rooms whose recording task this agent started; after a restart none are, until confirmed. */
  private final java.util.Set<String> started = new java.util.HashSet<>();
  private MasterChannel channel;
  private final EventBacklog backlog = new EventBacklog(BACKLOG_EVENTS);
  private long seq;
  private RoomSync pendingSync;
  private boolean reconciling;
  private boolean beatPending;
  private boolean leaseLapsed;
  private volatile java.util.function.Consumer<String> leaderHint;
  /** Renews the transport's own registration (cluster mode: its consumer on the bus); null: nothing to renew. */
  private volatile Runnable relink;
  private long lastIngressBytes;
  private long lastIngressAtNanos = System.nanoTime();

  public MasterLinkAgent(String nodeId, java.util.function.Supplier<String> httpAddress, int capacity, LinkOptions options, RoomStore rooms,
                         WorkerExecutor db, RecordingBoard board, WriteLease lease, Path disk, NodeEvents events,
                         java.util.function.Supplier<String> clusterMember) {
    this.nodeId = nodeId;
    this.httpAddress = httpAddress;
    this.capacity = capacity;
    this.options = options;
    this.rooms = rooms;
    this.db = db;
    this.board = board;
    this.lease = lease;
    this.disk = disk;
    this.events = events;
    this.clusterMember = clusterMember;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(options.heartbeatEvery().toMillis(), id -> {
      beat();
      watchLease();
    });
    return db.executeBlocking(rooms::held).compose(h -> {
      held = new HashMap<>(h);
      if (!held.isEmpty()) log.info("[node {}] holds {} room(s) from the master; waiting for it to confirm them", nodeId, held.size());
      return vertx.eventBus().<RecfleetEvent>localConsumer(Addresses.EVT_ALL, msg -> {
        RecfleetEvent event = msg.body();
        // in order: while older events wait for a confirmed link, a new one waits behind them
        if (channel == null || backlog.size() > 0 || !channel.send(new NodeEventFrame(event))) {
          backlog.keep(event);
          return;
        }
        // a held room just started writing: say so now, not at the next beat (failover ends sooner)
        if (event.eventType() == EventType.FileOpening && held.containsKey(String.valueOf(event.data("RoomId")))) {
          beatSoon();
        }
      }).completion();
    });
  }

  /** A dialler that can act on "the leader is at ..." from a master that does not lead. Before deploy. */
  public void onLeaderHint(java.util.function.Consumer<String> hint) {
    this.leaderHint = hint;
  }

  /**
   * A transport that can register itself again: after a Hazelcast split heals, the bus may have
   * forgotten where this node listens, so the master's answers go nowhere; the agent asks for a
   * fresh registration (which attaches and says hello again) when the cluster gave this member a new
   * id, and when the master's lease runs out. Before deploy.
   */
  public void onRelink(Runnable relink) {
    this.relink = relink;
  }

  /** A transport opened a link: say hello on it. Any thread. */
  public void attach(MasterChannel link) {
    context.runOnContext(v -> {
      channel = link;
      sendHello();
    });
  }

  /** The link closed. Any thread. Held rooms keep recording while the lease runs. */
  public void detach(MasterChannel link) {
    context.runOnContext(v -> {
      if (channel == link) channel = null;
    });
  }

  /** A message from the master. Any thread. */
  public void received(LinkMessage message) {
    context.runOnContext(v -> {
      if (message instanceof RoomSync sync) {
        if (!sync.nodeId().equals(nodeId)) {
          log.warn("[node {}] got a room list for node {}; ignored", nodeId, sync.nodeId());
          return;
        }
        pendingSync = sync;
        sendBacklog(); // a room list means the master took this link's hello: it takes events now
        reconcile();
      } else if (message instanceof LinkRefused refused) {
        if (refused.notLeader()) {
          log.info("[node {}] this master does not lead{}; dialling {}", nodeId,
              refused.leader() == null ? " and sees no majority of the masters" : "",
              refused.leader() == null ? "the next one" : "the leader at " + refused.leader());
          if (leaderHint != null) leaderHint.accept(refused.leader());
        } else if (refused.helloFirst()) {
          sendHello();
        } else {
          log.error("[node {}] the master refused this node: {}", nodeId, refused.reason());
        }
      } else if (message instanceof recfleet.common.link.UnknownFrame) {
        log.debug("[node {}] the master sent a message type this node does not know (a newer version); ignored", nodeId);
      } else {
        log.warn("[node {}] the master sent a {}; ignored", nodeId, message.getClass().getSimpleName());
      }
    });
  }

  /**
   * Tells the master this node is stopping cleanly, so it keeps the node's rooms for its return
   * instead of moving them. Called before anything else stops, while the link is still up.
   */
  public Future<Void> leave() {
    if (context == null) return Future.succeededFuture(); // never deployed
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      if (channel != null) {
        log.info("[node {}] telling the master this node is stopping", nodeId);
        channel.send(new NodeLeaving(nodeId));
        channel = null;
      }
      done.complete();
    });
    return done.future();
  }

  private void sendHello() {
    if (channel == null) return;
    long s = nextSeq();
    helloMember = clusterMember.get();
    channel.send(new NodeHello(nodeId, options.token(), s, httpAddress.get(), options.labels(), capacity, helloMember,
        heldRooms()));
  }

  private void sendBacklog() {
    if (channel == null || backlog.size() == 0) return;
    MasterChannel link = channel;
    long dropped = backlog.takeDropped();
    int sent = backlog.sendWhile(e -> link.send(new NodeEventFrame(e)));
    if (sent == 0 && dropped == 0) return; // the link took none yet: the next room list tries again
    log.info("[node {}] sent the master {} event(s) raised while the link was down{}", nodeId, sent,
        dropped > 0 ? "; " + dropped + " older one(s) were dropped, past " + BACKLOG_EVENTS + " kept" : "");
  }

  private void beatSoon() {
    if (beatPending) return;
    beatPending = true;
    vertx.setTimer(100, id -> {
      beatPending = false;
      beat();
    });
  }

  private void beat() {
    if (channel == null) return;
    if (!java.util.Objects.equals(clusterMember.get(), helloMember)) {
      // Hazelcast gave this member a new id (it merged back after a split): listen anew, tell the master
      if (relink != null) {
        helloMember = clusterMember.get();
        relink.run();
      } else {
        sendHello();
      }
      return;
    }
    vertx.executeBlocking(() -> SystemFigures.sample(disk), false).onSuccess(s -> {
      if (channel == null) return;
      long now = System.nanoTime();
      long bytes = board.ingressBytes();
      long bps = (bytes - lastIngressBytes) * 8 * 1_000_000_000L / Math.max(1, now - lastIngressAtNanos);
      lastIngressBytes = bytes;
      lastIngressAtNanos = now;
      channel.send(new NodeHeartbeat(nodeId, httpAddress.get(), nextSeq(), System.currentTimeMillis(), s.cpuLoad(),
          s.heapUsedBytes(), s.heapMaxBytes(), s.diskFreeBytes(), board.activeRecordings(), bps, capacity,
          heldRooms()));
    });
  }

  /** Says once when the master's lease runs out, and once when a master renews it again. */
  private void watchLease() {
    long lapsedMs = lease.lapsedForMs();
    if (lapsedMs > 0 && !leaseLapsed) {
      leaseLapsed = true;
      if (relink != null) relink.run(); // the master may be answering into a registration the bus lost
      long recording = held.keySet().stream().filter(board::isRecording).count();
      if (lease.keepsWhenLapsed()) {
        log.warn("[node {}] no master has renewed the write lease: {} held room(s) go on recording "
            + "([LINK] when_master_lost = keep)", nodeId, recording);
      } else {
        log.warn("[node {}] no master has renewed the write lease: {} held room(s) pause until one does "
            + "([LINK] when_master_lost = pause)", nodeId, recording);
      }
    } else if (lapsedMs == 0 && leaseLapsed && lease.valid()) {
      leaseLapsed = false;
      log.info("[node {}] a master renewed the write lease again", nodeId);
    }
  }

  private long nextSeq() {
    long s = ++seq;
    sentNanos.put(s, System.nanoTime());
    return s;
  }

  private List<HeldRoom> heldRooms() {
    List<HeldRoom> out = new ArrayList<>(held.size());
    held.forEach((roomId, epoch) -> out.add(new HeldRoom(roomId, epoch, board.isRecording(roomId))));
    return out;
  }

  /** Applies the newest room list; lists that arrive meanwhile replace each other and run next. */
  private void reconcile() {
    if (reconciling || pendingSync == null) return;
    RoomSync sync = pendingSync;
    pendingSync = null;
    reconciling = true;
    Map<String, Assignment> wanted = new LinkedHashMap<>();
    for (Assignment a : sync.rooms()) wanted.put(a.roomId(), a);
    List<Future<Void>> stops = new ArrayList<>();
    for (var entry : new ArrayList<>(held.entrySet())) {
      Assignment a = wanted.get(entry.getKey());
      if (a == null || a.epoch() != entry.getValue()) stops.add(release(entry.getKey(), entry.getValue(), a));
    }
    Future.all(stops).compose(v -> {
      Long sent = sentNanos.get(sync.ackSeq());
      if (sent != null) lease.extendTo(sent + sync.leaseMs() * 1_000_000L);
      List<Future<Void>> starts = new ArrayList<>();
      for (Assignment a : wanted.values()) {
        if (!held.containsKey(a.roomId())) {
          starts.add(take(a));
        } else if (!started.contains(a.roomId())) {
          starts.add(startTask(a.roomId(), a.epoch())); // held from before a restart, now confirmed
        }
      }
      return Future.all(starts);
    }).onComplete(ar -> {
      if (ar.failed()) log.warn("[node {}] applying the master's room list failed: {}", nodeId, ar.cause().getMessage());
      reconciling = false;
      reconcile();
    });
  }

  private Future<Void> release(String roomId, long epoch, Assignment newer) {
    String why = newer == null ? "the master moved it off this node" : "the master gave it a newer epoch " + newer.epoch();
    return vertx.eventBus().request(Addresses.DOCTOR_TASK_STOP, new JsonObject().put("roomId", roomId), STOP_TIMEOUT)
        .compose(reply -> db.executeBlocking(() -> {
          rooms.release(roomId);
          return null;
        }))
        .map(v -> {
          held.remove(roomId);
          started.remove(roomId);
          log.info("[room {}] released (epoch {}): {}", roomId, epoch, why);
          events.publish(EventType.RoomRemoved, Map.of("RoomId", roomId, "Epoch", epoch, "Reason", why));
          return null;
        });
  }

  private Future<Void> take(Assignment a) {
    return db.executeBlocking(() -> rooms.hold(a.roomId(), a.epoch(), a.source(), a.options())).compose(stored -> {
      if (!stored) {
        log.error("[room {}] the master assigned it, but this node has a room of its own by that id; not taken",
            a.roomId());
        return Future.<Void>succeededFuture();
      }
      held.put(a.roomId(), a.epoch());
      log.info("[room {}] taken from the master (epoch {})", a.roomId(), a.epoch());
      events.publish(EventType.RoomAdded, Map.of("RoomId", a.roomId(), "Epoch", a.epoch()));
      return startTask(a.roomId(), a.epoch());
    });
  }

  private Future<Void> startTask(String roomId, long epoch) {
    return vertx.eventBus().request(Addresses.DOCTOR_TASK_START, new JsonObject().put("roomId", roomId))
        .map(reply -> {
          if (started.add(roomId) && !held.isEmpty()) log.debug("[room {}] recording under epoch {}", roomId, epoch);
          return null;
        });
  }
}
