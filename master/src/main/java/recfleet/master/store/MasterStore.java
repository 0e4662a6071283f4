package recfleet.master.store;

import static recfleet.master.store.schema.Tables.ASSIGNMENT;
import static recfleet.master.store.schema.Tables.EPOCH_COUNTER;
import static recfleet.master.store.schema.Tables.FLEET_EVENT;
import static recfleet.master.store.schema.Tables.FLEET_NODE;
import static recfleet.master.store.schema.Tables.WANTED_ROOM;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import recfleet.common.event.RecfleetEvent;
import recfleet.common.json.Jsons;
import recfleet.common.store.H2Database;
import recfleet.master.fleet.FleetRows;
import recfleet.master.fleet.FleetNode;
import recfleet.master.fleet.Placement;
import recfleet.master.fleet.WantedRoom;
import recfleet.master.recordings.RecordingIndex;

/**
 * The master's H2 database: wanted rooms, nodes, assignments with their epochs, and the event
 * log. Plain and synchronous; the master calls it from one ordered worker, so changes land in
 * the order they were decided.
 */
public final class MasterStore implements AutoCloseable {
  private static final TypeReference<Map<String, Object>> OPTIONS = new TypeReference<>() {};
  private final H2Database db;

  private MasterStore(H2Database db) {
    this.db = db;
  }

  public static MasterStore open(Path dataDir) {
    return new MasterStore(H2Database.open(dataDir, "recfleet-master", "db/master"));
  }

  /** Shrinks the file when most of it is garbage (see {@link H2Database#compactIfSparse()}). Blocking. */
  public boolean compactIfSparse() {
    return db.compactIfSparse();
  }

  public record Loaded(List<WantedRoom> rooms, List<FleetNode> nodes, List<Placement> placements, long lastEpoch) {}

  public Loaded load() {
    DSLContext dsl = db.dsl();
    List<WantedRoom> rooms = dsl.selectFrom(WANTED_ROOM).orderBy(WANTED_ROOM.CREATED_AT).fetch(r -> new WantedRoom(
        r.getRoomId(), r.getSourceUrl(), readOptions(r.getOptionsJson()), r.getPinNode(), r.getPinLabel(),
        r.getCreatedAt().toInstant()));
    List<FleetNode> nodes = dsl.selectFrom(FLEET_NODE).fetch(r -> FleetRows.node(r.getNodeId(), r.getLinkMode(),
        r.getHttpAddress(), r.getLabels().isEmpty() ? List.of() : Arrays.asList(r.getLabels().split(",")),
        r.getCapacity(), r.getDrained(), r.getState()));
    List<Placement> placements = dsl.selectFrom(ASSIGNMENT).fetch(r -> FleetRows.placement(r.getRoomId(),
        r.getNodeId(), r.getEpoch(), r.getAssignedAt().toInstant().toEpochMilli()));
    long epoch = dsl.select(EPOCH_COUNTER.LAST_EPOCH).from(EPOCH_COUNTER).where(EPOCH_COUNTER.ID.eq(1))
        .fetchOptional(EPOCH_COUNTER.LAST_EPOCH).orElse(0L);
    return new Loaded(rooms, nodes, placements, epoch);
  }

  /** Stores one change in one transaction. */
  public void save(FleetSnapshot s) {
    db.dsl().transaction(tx -> {
      DSLContext dsl = tx.dsl();
      for (String id : s.roomsToDelete()) dsl.deleteFrom(WANTED_ROOM).where(WANTED_ROOM.ROOM_ID.eq(id)).execute();
      for (String id : s.placementsToDelete()) dsl.deleteFrom(ASSIGNMENT).where(ASSIGNMENT.ROOM_ID.eq(id)).execute();
      if (!s.roomsToSave().isEmpty()) {
        var batch = dsl.batch(dsl.mergeInto(WANTED_ROOM, WANTED_ROOM.ROOM_ID, WANTED_ROOM.SOURCE_URL,
                WANTED_ROOM.OPTIONS_JSON, WANTED_ROOM.PIN_NODE, WANTED_ROOM.PIN_LABEL, WANTED_ROOM.CREATED_AT)
            .key(WANTED_ROOM.ROOM_ID).values((String) null, null, null, null, null, null));
        for (WantedRoom r : s.roomsToSave()) {
          batch.bind(r.roomId(), r.source(), Jsons.write(r.options()), r.pinNode(), r.pinLabel(), at(r.createdAt()));
        }
        batch.execute();
      }
      if (!s.placementsToSave().isEmpty()) {
        var batch = dsl.batch(dsl.mergeInto(ASSIGNMENT, ASSIGNMENT.ROOM_ID, ASSIGNMENT.NODE_ID, ASSIGNMENT.EPOCH,
            ASSIGNMENT.ASSIGNED_AT).key(ASSIGNMENT.ROOM_ID).values((String) null, null, null, null));
        for (var p : s.placementsToSave()) {
          batch.bind(p.roomId(), p.nodeId(), p.epoch(), at(Instant.ofEpochMilli(p.assignedAtMs())));
        }
        batch.execute();
      }
      for (var n : s.nodes()) {
        dsl.mergeInto(FLEET_NODE, FLEET_NODE.NODE_ID, FLEET_NODE.LINK_MODE, FLEET_NODE.HTTP_ADDRESS, FLEET_NODE.LABELS,
                FLEET_NODE.CAPACITY, FLEET_NODE.DRAINED, FLEET_NODE.STATE, FLEET_NODE.LAST_SEEN_AT)
            .key(FLEET_NODE.NODE_ID)
            .values(n.nodeId(), n.linkMode(), n.httpAddress(), String.join(",", n.labels()), n.capacity(), n.drained(),
                n.state(), at(Instant.ofEpochMilli(n.lastSeenMs())))
            .execute();
      }
      dsl.update(EPOCH_COUNTER).set(EPOCH_COUNTER.LAST_EPOCH, s.lastEpoch())
          .where(EPOCH_COUNTER.ID.eq(1).and(EPOCH_COUNTER.LAST_EPOCH.lt(s.lastEpoch()))).execute();
      logEvents(dsl, s.events());
    });
  }

  /** Adds events the master raised outside a fleet change (a repeat is ignored: its id is known). */
  public void logEvents(List<RecfleetEvent> events) {
    db.dsl().transaction(tx -> logEvents(tx.dsl(), events));
  }

  private static void logEvents(DSLContext dsl, List<RecfleetEvent> events) {
    for (RecfleetEvent e : events) {
      Object room = e.data("RoomId");
      dsl.insertInto(FLEET_EVENT, FLEET_EVENT.EVENT_ID, FLEET_EVENT.EVENT_TYPE, FLEET_EVENT.AT, FLEET_EVENT.NODE_ID,
              FLEET_EVENT.ROOM_ID, FLEET_EVENT.DATA_JSON)
          .values(e.eventId().toString(), e.eventType().name(), OffsetDateTime.parse(e.eventTimestamp()), e.nodeId(),
              room == null ? null : room.toString(), Jsons.write(e.eventData()))
          .onDuplicateKeyIgnore()
          .execute();
    }
  }

  /** The fleet's recordings, kept in this database. */
  public RecordingIndex recordings() {
    return new RecordingIndex(db.dsl());
  }

  public record LoggedEvent(UUID eventId, String type, OffsetDateTime at, String nodeId, String roomId, String dataJson) {}

  /** Forgets events older than {@code before}; returns how many went. */
  public int pruneEvents(Instant before) {
    return db.dsl().deleteFrom(FLEET_EVENT).where(FLEET_EVENT.AT.lt(at(before))).execute();
  }

  /** The newest events first, at most {@code limit}. */
  public List<LoggedEvent> recentEvents(int limit) {
    return db.dsl().selectFrom(FLEET_EVENT).orderBy(FLEET_EVENT.AT.desc()).limit(limit)
        .fetch(r -> new LoggedEvent(UUID.fromString(r.getEventId()), r.getEventType(), r.getAt(), r.getNodeId(),
            r.getRoomId(), r.getDataJson()));
  }

  private static Map<String, Object> readOptions(String json) {
    try {
      return Jsons.MAPPER.readValue(json, OPTIONS);
    } catch (Exception e) {
      return Map.of();
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public void close() {
    db.close();
  }
}
