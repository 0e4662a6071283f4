package recfleet.node.store;

import static recfleet.node.store.schema.Tables.BLACKLIST;
import static recfleet.node.store.schema.Tables.ROOM;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import recfleet.common.json.Jsons;

/** Rooms and the blacklist. Plain, synchronous jOOQ: call it from a worker, never an event loop. */
public final class RoomStore {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  public static final String ACTIVE = "ACTIVE";
  public static final String LIVE = "live";
  public static final String EXTERNAL = "external";
  public static final String FINISHED = "FINISHED";
  private final DSLContext dsl;
  private final Clock clock;

  public RoomStore(NodeDatabase db, Clock clock) {
    this.dsl = db.dsl();
    this.clock = clock;
  }

  public List<RoomEntry> list() {
    return dsl.selectFrom(ROOM).orderBy(ROOM.CREATED_AT, ROOM.ROOM_ID).fetch(this::toEntry);
  }

  public Optional<RoomEntry> get(String roomId) {
    return dsl.selectFrom(ROOM).where(ROOM.ROOM_ID.eq(roomId)).fetchOptional(this::toEntry);
  }

  /** Adds the room; false if it already exists (a duplicate is not an error for the store). */
  public boolean insert(RoomEntry room) {
    int rows = dsl.insertInto(ROOM)
        .set(ROOM.ROOM_ID, room.roomId())
        .set(ROOM.SOURCE_URL, room.sourceUrl())
        .set(ROOM.KIND, room.kind())
        .set(ROOM.STATE, ACTIVE)
        .set(ROOM.OPTIONS_JSON, Jsons.write(room.options()))
        .set(ROOM.CREATED_AT, room.createdAt())
        .onDuplicateKeyIgnore()
        .execute();
    return rows == 1;
  }

  /**
   * A camera from [CAMERAS]: its room is added, or brought in line with the config (its source and
   * options) if the node already has it as a room of its own; a room held from the master by that id
   * is left alone (false).
   */
  public boolean ensureCamera(String roomId, String source, Map<String, Object> options) {
    if (insert(new RoomEntry(roomId, source, LIVE, options, OffsetDateTime.now(clock)))) return true;
    return dsl.update(ROOM)
        .set(ROOM.SOURCE_URL, source)
        .set(ROOM.OPTIONS_JSON, Jsons.write(options))
        .set(ROOM.STATE, ACTIVE)
        .where(ROOM.ROOM_ID.eq(roomId)).and(ROOM.EPOCH.isNull())
        .execute() == 1;
  }

  /**
   * The node's own rooms whose recording should run: every live room but those whose finite
   * source has ended. Rooms held from the master are left out: they run when the master says so.
   */
  public List<RoomEntry> active() {
    return dsl.selectFrom(ROOM).where(ROOM.STATE.eq(ACTIVE)).and(ROOM.KIND.eq(LIVE)).and(ROOM.EPOCH.isNull())
        .orderBy(ROOM.CREATED_AT, ROOM.ROOM_ID).fetch(this::toEntry);
  }

  /** Rooms held from the master, with their epochs. */
  public Map<String, Long> held() {
    return dsl.select(ROOM.ROOM_ID, ROOM.EPOCH).from(ROOM).where(ROOM.EPOCH.isNotNull())
        .fetchMap(ROOM.ROOM_ID, ROOM.EPOCH);
  }

  /**
   * Stores a room the master assigned, at its epoch (replacing an older hold of it). False when
   * the node has a room of its own by that id, which is left alone.
   */
  public boolean hold(String roomId, long epoch, String source, Map<String, Object> options) {
    return dsl.transactionResult(tx -> {
      var existing = tx.dsl().select(ROOM.EPOCH).from(ROOM).where(ROOM.ROOM_ID.eq(roomId)).fetchOptional();
      if (existing.isPresent() && existing.get().value1() == null) return false;
      tx.dsl().deleteFrom(ROOM).where(ROOM.ROOM_ID.eq(roomId)).execute();
      tx.dsl().insertInto(ROOM)
          .set(ROOM.ROOM_ID, roomId)
          .set(ROOM.SOURCE_URL, source)
          .set(ROOM.KIND, LIVE)
          .set(ROOM.STATE, ACTIVE)
          .set(ROOM.OPTIONS_JSON, Jsons.write(options))
          .set(ROOM.CREATED_AT, OffsetDateTime.now(clock))
          .set(ROOM.EPOCH, epoch)
          .execute();
      return true;
    });
  }

  /** Forgets a held room (the master moved or removed it); the node's own rooms are untouched. */
  public void release(String roomId) {
    dsl.deleteFrom(ROOM).where(ROOM.ROOM_ID.eq(roomId)).and(ROOM.EPOCH.isNotNull()).execute();
  }

  /** Creates the room of a webhook sender's stream, unless it exists (a live room keeps its kind). */
  public static void ensureExternal(DSLContext tx, String roomId, String sender, OffsetDateTime now) {
    tx.insertInto(ROOM)
        .set(ROOM.ROOM_ID, roomId)
        .set(ROOM.SOURCE_URL, "external:" + sender)
        .set(ROOM.KIND, EXTERNAL)
        .set(ROOM.STATE, ACTIVE)
        .set(ROOM.OPTIONS_JSON, "{}")
        .set(ROOM.CREATED_AT, now)
        .onDuplicateKeyIgnore()
        .execute();
  }

  /** A file source was recorded to its end: do not record it again after a restart. */
  public void markFinished(String roomId) {
    dsl.update(ROOM).set(ROOM.STATE, FINISHED).where(ROOM.ROOM_ID.eq(roomId)).execute();
  }

  public boolean delete(String roomId) {
    return dsl.deleteFrom(ROOM).where(ROOM.ROOM_ID.eq(roomId)).execute() == 1;
  }

  public boolean isBlacklisted(String roomId) {
    return dsl.fetchExists(BLACKLIST, BLACKLIST.ROOM_ID.eq(roomId));
  }

  public Map<String, String> blacklist() {
    return dsl.selectFrom(BLACKLIST).orderBy(BLACKLIST.ROOM_ID)
        .fetchMap(BLACKLIST.ROOM_ID, BLACKLIST.REASON);
  }

  public boolean addToBlacklist(String roomId, String reason) {
    return dsl.insertInto(BLACKLIST)
        .set(BLACKLIST.ROOM_ID, roomId)
        .set(BLACKLIST.REASON, reason)
        .set(BLACKLIST.CREATED_AT, OffsetDateTime.now(clock))
        .onDuplicateKeyIgnore()
        .execute() == 1;
  }

  public boolean removeFromBlacklist(String roomId) {
    return dsl.deleteFrom(BLACKLIST).where(BLACKLIST.ROOM_ID.eq(roomId)).execute() == 1;
  }

  private RoomEntry toEntry(Record r) {
    Map<String, Object> options;
    String problem = null;
    try {
      options = Jsons.MAPPER.readValue(r.get(ROOM.OPTIONS_JSON), MAP);
    } catch (Exception e) {
      // said, not swallowed: the room runs on the defaults, and /api/rooms shows why
      options = Map.of();
      problem = "stored options are not a JSON object (" + Jsons.describe(e) + "); the defaults apply";
      org.slf4j.LoggerFactory.getLogger(RoomStore.class).warn("[room {}] {}", r.get(ROOM.ROOM_ID), problem);
    }
    return new RoomEntry(r.get(ROOM.ROOM_ID), r.get(ROOM.SOURCE_URL), r.get(ROOM.KIND), options,
        r.get(ROOM.CREATED_AT), r.get(ROOM.EPOCH), problem);
  }
}
