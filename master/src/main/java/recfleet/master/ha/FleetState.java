package recfleet.master.ha;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import recfleet.common.json.Jsons;
import recfleet.master.fleet.FleetNode;
import recfleet.master.fleet.FleetRows;
import recfleet.master.fleet.Placement;
import recfleet.master.fleet.WantedRoom;
import recfleet.master.store.FleetSnapshot;
import recfleet.master.store.MasterStore;

/**
 * The fleet's state shared by the masters: wanted rooms, placements with their epochs, nodes and
 * the highest epoch, in Hazelcast maps with synchronous backups on the other masters. The leader
 * writes every change here before any node hears of it; a master that takes the lead loads it
 * from here. The maps are guarded by split-brain protection ({@link MasterCluster}): on a side
 * without a majority of the masters every write fails, so a stale leader cannot place anything.
 * Values are JSON, so masters of neighbouring versions read each other's entries. Blocking.
 */
public final class FleetState {
  public static final String PREFIX = "recfleet.fleet.";
  private static final String EPOCH = "lastEpoch";

  private final IMap<String, String> rooms;
  private final IMap<String, String> placements;
  private final IMap<String, String> nodes;
  private final IMap<String, Long> meta;

  public FleetState(HazelcastInstance hazelcast) {
    this.rooms = hazelcast.getMap(PREFIX + "rooms");
    this.placements = hazelcast.getMap(PREFIX + "placements");
    this.nodes = hazelcast.getMap(PREFIX + "nodes");
    this.meta = hazelcast.getMap(PREFIX + "meta");
  }

  /** Writes one change; throws when this side has no majority of the masters (nothing may then change). */
  public void save(FleetSnapshot s) {
    for (String id : s.roomsToDelete()) rooms.delete(id);
    for (String id : s.placementsToDelete()) placements.delete(id);
    for (WantedRoom r : s.roomsToSave()) rooms.set(r.roomId(), Jsons.write(r));
    for (FleetSnapshot.PlacementRow p : s.placementsToSave()) placements.set(p.roomId(), Jsons.write(p));
    for (FleetSnapshot.NodeRow n : s.nodes()) nodes.set(n.nodeId(), Jsons.write(n));
    meta.merge(EPOCH, s.lastEpoch(), Math::max);
  }

  /** What the maps hold, or empty when no master ever wrote them (the whole cluster started afresh). */
  public Optional<MasterStore.Loaded> load() {
    Long epoch = meta.get(EPOCH);
    if (epoch == null) return Optional.empty();
    List<WantedRoom> wanted = new ArrayList<>();
    for (String json : rooms.values()) wanted.add(Jsons.readWire(json, WantedRoom.class));
    wanted.sort(java.util.Comparator.comparing(WantedRoom::createdAt));
    List<FleetNode> known = new ArrayList<>();
    for (String json : nodes.values()) {
      var n = Jsons.readWire(json, FleetSnapshot.NodeRow.class);
      known.add(FleetRows.node(n.nodeId(), n.linkMode(), n.httpAddress(), n.labels(), n.capacity(), n.drained(),
          n.state()));
    }
    List<Placement> placed = new ArrayList<>();
    for (String json : placements.values()) {
      var p = Jsons.readWire(json, FleetSnapshot.PlacementRow.class);
      placed.add(FleetRows.placement(p.roomId(), p.nodeId(), p.epoch(), p.assignedAtMs()));
    }
    return Optional.of(new MasterStore.Loaded(wanted, known, placed, epoch));
  }

  /** Seeds the maps from a master's own database: the first leader of a cluster that started afresh. */
  public void seed(MasterStore.Loaded loaded) {
    for (WantedRoom r : loaded.rooms()) rooms.set(r.roomId(), Jsons.write(r));
    for (FleetNode n : loaded.nodes()) nodes.set(n.nodeId(), Jsons.write(FleetSnapshot.NodeRow.of(n)));
    for (Placement p : loaded.placements()) placements.set(p.roomId(), Jsons.write(FleetSnapshot.PlacementRow.of(p)));
    meta.merge(EPOCH, loaded.lastEpoch(), Math::max);
  }

  /** The maps, for a follower that mirrors every change into its own database. */
  IMap<String, String> rooms() {
    return rooms;
  }

  IMap<String, String> placements() {
    return placements;
  }

  IMap<String, String> nodes() {
    return nodes;
  }

  IMap<String, Long> meta() {
    return meta;
  }
}
