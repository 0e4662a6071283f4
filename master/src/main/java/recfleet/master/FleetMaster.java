package recfleet.master;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Consumer;
import recfleet.common.ApiError;
import recfleet.master.ha.FleetMirror;
import recfleet.master.ha.Leadership;
import recfleet.master.ha.MasterCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;
import recfleet.common.json.Jsons;
import recfleet.common.link.LinkMessage;
import recfleet.common.link.LinkRefused;
import recfleet.common.link.LinkTokens;
import recfleet.common.link.NodeEventFrame;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.common.link.NodeLeaving;
import recfleet.common.link.RoomSync;
import recfleet.common.link.UnknownFrame;
import recfleet.common.store.H2Database;
import recfleet.master.fleet.Changes;
import recfleet.master.fleet.Fleet;
import recfleet.master.fleet.FleetNode;
import recfleet.master.fleet.Placement;
import recfleet.master.fleet.WantedRoom;
import recfleet.master.link.NodeChannel;
import recfleet.master.recordings.OverlapEvents;
import recfleet.master.recordings.Overlaps;
import recfleet.master.recordings.RecordingIndex;
import recfleet.master.store.FleetSnapshot;
import recfleet.master.store.MasterStore;

/**
 * The running master: owns the {@link Fleet} on its event loop, hears nodes through whatever
 * channel they linked over, stores every decision before acting on it, then tells the nodes
 * concerned and publishes the events. Transports and the API call in through
 * {@link #received}, {@link #closed} and {@link #change}, from any thread.
 */
public final class FleetMaster extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(FleetMaster.class);
  private static final long TICK_MS = 250;

  private final MasterOptions options;
  private final MasterStore store;
  /** The masters' cluster when several run; null for a master alone (it always leads). */
  private final MasterCluster cluster;
  /** Replaced at every takeover: a master that takes the lead starts from the shared state. */
  private Fleet fleet;
  private final Map<String, NodeChannel> channels = new HashMap<>();
  private Context context;
  private Future<Void> saving = Future.succeededFuture();
  private Future<Void> indexing = Future.succeededFuture();
  private final Clock clock;
  private Leadership leadership = Leadership.of(List.of(), "", 1);
  /** True once this master leads and has loaded the fleet; only then does it place, move or link nodes. */
  private boolean acting;
  private boolean takingOver;
  private final List<Consumer<Boolean>> leadershipListeners = new ArrayList<>();
  private FleetMirror mirror;

  public FleetMaster(MasterOptions options, MasterStore store, Clock clock) {
    this(options, store, clock, null);
  }

  public FleetMaster(MasterOptions options, MasterStore store, Clock clock, MasterCluster cluster) {
    this.options = options;
    this.store = store;
    this.clock = clock;
    this.cluster = cluster;
    this.fleet = newFleet();
  }

  private Fleet newFleet() {
    return new Fleet(clock, options.downAfter(), options.rejoinGrace());
  }

  @Override
  public Future<?> start() {
    context = vertx.getOrCreateContext();
    vertx.setPeriodic(TICK_MS, id -> tick());
    vertx.setPeriodic(1, 3_600_000, id -> vertx.executeBlocking(() -> {
      int gone = store.pruneEvents(java.time.Instant.now().minus(options.eventLogAge()));
      if (gone > 0) log.info("master event log: {} event(s) older than {} day(s) removed", gone,
          options.eventLogAge().toDays());
      return null;
    }, false));
    // the store only appends (see H2Database): every few minutes its garbage is compacted away
    vertx.setPeriodic(H2Database.COMPACT_EVERY.toMillis(), id -> vertx.executeBlocking(store::compactIfSparse, false));
    if (cluster == null) {
      leadership = Leadership.alone();
      return takeOver();
    }
    mirror = cluster.mirrorInto(store, () -> !acting);
    // a follower keeps the recordings index too, from the node events the leader publishes cluster-wide
    vertx.eventBus().<String>consumer(Addresses.MASTER_EVT_JSON, msg -> {
      if (!acting) index(Jsons.readWire(msg.body(), RecfleetEvent.class));
    });
    checkLeadership();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (mirror != null) mirror.close();
    return Future.succeededFuture();
  }

  /** Called with true when this master starts acting as the leader, false when it stops. On this master's loop. */
  public void onLeadership(Consumer<Boolean> listener) {
    context.runOnContext(v -> {
      leadershipListeners.add(listener);
      if (acting) listener.accept(true);
    });
  }

  private void tick() {
    if (cluster != null) checkLeadership();
    if (acting) apply(fleet.tick());
  }

  /** Follows the member list: takes the lead when this master becomes the quorate oldest, steps down when not. */
  private void checkLeadership() {
    Leadership now = cluster.current();
    if (!now.describe().equals(leadership.describe())) log.info("masters: {}", now.describe());
    leadership = now;
    if (now.leads() && !acting && !takingOver) {
      takeOver();
    } else if (!now.leads() && acting) {
      stepDown("this master no longer leads: " + now.describe());
    }
  }

  /**
   * Loads the fleet (the shared state, or this master's database when alone or first) and starts
   * acting. Known nodes start as silent from now on: nothing moves before down_after has passed,
   * so every live node has time to report what it holds.
   */
  private Future<Void> takeOver() {
    takingOver = true;
    return vertx.executeBlocking(() -> cluster == null ? store.load() : cluster.loadForLeader(store))
        .map(loaded -> {
          takingOver = false;
          Fleet next = newFleet();
          next.restore(loaded.rooms(), loaded.nodes(), loaded.placements(), loaded.lastEpoch());
          fleet = next;
          acting = true;
          log.info("master {} {} room(s), {} node(s), {} placement(s); epoch {}; nothing moves for {} s",
              cluster == null ? "loaded" : "took the lead with", loaded.rooms().size(), loaded.nodes().size(),
              loaded.placements().size(), loaded.lastEpoch(), options.downAfter().toSeconds());
          leadershipListeners.forEach(l -> l.accept(true));
          return (Void) null;
        })
        .onFailure(err -> {
          takingOver = false;
          log.error("master could not load the fleet to take the lead: {}", err.getMessage());
        });
  }

  /** Stops acting: every node linked here is told who leads and let go, and the fleet is forgotten until the next takeover. */
  private void stepDown(String why) {
    log.warn("master stops acting: {}", why);
    acting = false;
    for (NodeChannel ch : channels.values()) refuseAsFollower(ch);
    channels.clear();
    fleet = newFleet();
    leadershipListeners.forEach(l -> l.accept(false));
  }

  private void refuseAsFollower(NodeChannel channel) {
    channel.send(new LinkRefused(LinkRefused.NOT_LEADER, leadership.quorate() ? leadership.leaderUrl() : null));
    channel.close(LinkRefused.NOT_LEADER);
  }

  private ApiError notLeader() {
    return new ApiError(ApiError.NOT_LEADER, 503, "this master does not lead; " + leadership.describe());
  }

  /** Constant-time comparison, so the answer's timing says nothing about the token. */
  public boolean tokenOk(String presented) {
    return LinkTokens.matches(options.token(), presented);
  }

  /** A message from a node over {@code channel}. Any thread. */
  public void received(NodeChannel channel, LinkMessage message) {
    context.runOnContext(v -> onMessage(channel, message));
  }

  /** The channel closed. Any thread. Nothing is decided here: silence is what makes a node down. */
  public void closed(NodeChannel channel) {
    context.runOnContext(v -> {
      String nodeId = channel.nodeId();
      if (nodeId != null && channels.get(nodeId) == channel) {
        channels.remove(nodeId);
        log.info("[node {}] {} link closed", nodeId, channel.mode());
      }
    });
  }

  /** Runs an operation on the fleet and stores and announces what it changed. Any thread. */
  public Future<Changes> change(Function<Fleet, Changes> operation) {
    Promise<Changes> promise = Promise.promise();
    context.runOnContext(v -> {
      if (!acting) {
        promise.fail(notLeader());
        return;
      }
      try {
        Changes changes = operation.apply(fleet);
        apply(changes).onComplete(ar -> promise.complete(changes));
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** Reads the fleet on its own loop. Any thread. */
  public <T> Future<T> read(Function<Fleet, T> query) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      if (!acting) {
        promise.fail(notLeader());
        return;
      }
      try {
        promise.complete(query.apply(fleet));
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  public MasterStore store() {
    return store;
  }

  private void onMessage(NodeChannel channel, LinkMessage message) {
    if (!acting) {
      refuseAsFollower(channel); // the node dials the leader instead
      return;
    }
    if (message instanceof NodeHello hello) {
      onHello(channel, hello);
    } else if (message instanceof NodeHeartbeat hb) {
      if (!bound(channel, hb.nodeId())) return;
      apply(fleet.heartbeat(hb));
      channel.send(fleet.syncFor(hb.nodeId(), options.leaseMs()));
    } else if (message instanceof NodeLeaving leaving) {
      if (!bound(channel, leaving.nodeId())) return;
      log.info("[node {}] says it is stopping", leaving.nodeId());
      apply(fleet.leaving(leaving.nodeId()));
      channels.remove(leaving.nodeId());
    } else if (message instanceof NodeEventFrame frame) {
      if (!bound(channel, frame.event().nodeId())) return;
      vertx.eventBus().publish(Addresses.MASTER_EVT_JSON, Jsons.write(frame.event()));
      index(frame.event());
    } else if (message instanceof UnknownFrame) {
      log.debug("[node {}] sent a message type this master does not know (a newer version); ignored", channel.nodeId());
    } else {
      log.warn("[node {}] sent a {}, which only the master sends; ignored", channel.nodeId(),
          message.getClass().getSimpleName());
    }
  }

  /**
   * Keeps the fleet's recordings index, in the order the events came. When a node lets go of a room
   * it held under an older epoch (RoomRemoved with its epoch) and its files of that epoch overlap
   * a newer writer's (it was cut off from the master and recorded on), one RecordingOverlap names
   * both sides' files.
   */
  private void index(RecfleetEvent event) {
    // most node events (progress, heartbeats) are about no recording: no worker hop for those
    boolean released = event.eventType() == EventType.RoomRemoved && event.data("Epoch") != null;
    if (!released && !RecordingIndex.concerns(event)) return;
    indexing = indexing.transform(ignored -> vertx.<List<RecfleetEvent>>executeBlocking(() -> {
      Instant now = clock.instant();
      var recordings = store.recordings();
      recordings.take(event, now);
      if (event.eventType() != EventType.RoomRemoved || !(event.data("Epoch") instanceof Number epoch)
          || event.data("RoomId") == null) {
        return List.of();
      }
      List<RecfleetEvent> overlaps = Overlaps.episode(event.nodeId(), epoch.longValue(),
          recordings.ofRoom(event.data("RoomId").toString()), now).map(OverlapEvents::of).stream().toList();
      if (!overlaps.isEmpty()) store.logEvents(overlaps);
      return overlaps;
    }, false)).andThen(ar -> {
      if (ar.failed()) {
        log.warn("[node {}] the recordings index could not take a {}: {}", event.nodeId(), event.eventType(),
            ar.cause().getMessage());
        return;
      }
      for (RecfleetEvent overlap : ar.result()) {
        log.warn("[room {}] two writers for {} s: {} wrote on under epoch {} after the room moved; both sides' "
            + "files are kept", overlap.data("RoomId"), overlap.data("OverlapSeconds"), overlap.data("StaleNode"),
            overlap.data("StaleEpoch"));
        vertx.eventBus().publish(Addresses.MASTER_EVT_JSON, Jsons.write(overlap));
      }
    }).otherwiseEmpty().mapEmpty();
  }

  private void onHello(NodeChannel channel, NodeHello hello) {
    if (channel.needsTokenInHello() && !tokenOk(hello.token())) {
      log.warn("[node {}] {} link refused: wrong or missing token", hello.nodeId(), channel.mode());
      channel.send(new LinkRefused("wrong token"));
      channel.close("wrong token");
      return;
    }
    if (!recfleet.common.RoomId.isValid(hello.nodeId())) {
      log.warn("{} link refused: bad node id '{}'", channel.mode(), recfleet.common.Printable.clip(hello.nodeId(), 64));
      channel.send(new LinkRefused("bad node id"));
      channel.close("bad node id");
      return;
    }
    channel.bind(hello.nodeId());
    NodeChannel previous = channels.put(hello.nodeId(), channel);
    if (previous != null && previous != channel) previous.close("replaced by a newer link");
    log.info("[node {}] hello over {} link: capacity {}, labels {}, holding {} room(s)", hello.nodeId(),
        channel.mode(), hello.capacity(), hello.labels(), hello.rooms().size());
    apply(fleet.hello(hello.withoutToken(), channel.mode()));
    channel.send(fleet.syncFor(hello.nodeId(), options.leaseMs()));
  }

  /** A node speaks only over the channel it said hello on; anything else is told to say hello. */
  private boolean bound(NodeChannel channel, String nodeId) {
    if (nodeId != null && channels.get(nodeId) == channel && fleet.knows(nodeId)) return true;
    channel.send(new LinkRefused(LinkRefused.HELLO_FIRST));
    return false;
  }

  /**
   * Stores the change (in order, one after another), then marks the new placements durable,
   * sends every touched node its room list and publishes the events. Placements reach a node
   * only once stored, so a master crash never leaves a node holding an epoch the master forgot.
   */
  private Future<Void> apply(Changes changes) {
    if (changes.isEmpty()) return Future.succeededFuture();
    FleetSnapshot snapshot = snapshot(changes);
    Promise<Void> done = Promise.promise();
    saving = saving.transform(ignored -> vertx.<Void>executeBlocking(() -> {
      // the shared state first: on a side without a majority of the masters this fails, and nothing is sent
      if (cluster != null) cluster.state().save(snapshot);
      store.save(snapshot);
      return null;
    }, true)).andThen(ar -> {
      if (ar.failed()) {
        log.error("master could not store a change ({} room(s), {} node(s)); its placements stay unsent: {}",
            changes.rooms().size(), changes.nodes().size(), ar.cause().getMessage());
        // the fleet in memory moved on without the shared state: start again from it at the next takeover
        if (cluster != null && acting) stepDown("a change could not be stored in the shared state");
        done.fail(ar.cause());
        return;
      }
      fleet.markDurable(snapshot.placementsToSave().stream().map(FleetSnapshot.PlacementRow::roomId).toList());
      for (String nodeId : changes.syncNodes()) {
        NodeChannel ch = channels.get(nodeId);
        if (ch != null) ch.send(fleet.syncFor(nodeId, options.leaseMs()));
      }
      for (RecfleetEvent e : changes.events()) {
        vertx.eventBus().publish(Addresses.MASTER_EVT_JSON, Jsons.write(e));
      }
      done.complete();
    }).mapEmpty();
    return done.future();
  }

  private FleetSnapshot snapshot(Changes c) {
    List<WantedRoom> roomsToSave = new ArrayList<>();
    List<String> roomsToDelete = new ArrayList<>();
    List<FleetSnapshot.PlacementRow> placementsToSave = new ArrayList<>();
    List<String> placementsToDelete = new ArrayList<>();
    for (String roomId : c.rooms()) {
      WantedRoom room = fleet.room(roomId);
      if (room == null) roomsToDelete.add(roomId); else roomsToSave.add(room);
      Placement p = fleet.placement(roomId);
      if (p == null) placementsToDelete.add(roomId); else placementsToSave.add(FleetSnapshot.PlacementRow.of(p));
    }
    List<FleetSnapshot.NodeRow> nodes = new ArrayList<>();
    for (String nodeId : c.nodes()) {
      FleetNode n = fleet.node(nodeId);
      if (n != null) nodes.add(FleetSnapshot.NodeRow.of(n));
    }
    return new FleetSnapshot(roomsToSave, roomsToDelete, placementsToSave, placementsToDelete, nodes,
        fleet.lastEpoch(), List.copyOf(c.events()));
  }
}
