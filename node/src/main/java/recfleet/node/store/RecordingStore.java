package recfleet.node.store;

import static recfleet.node.store.schema.Tables.CAPTURE;
import static recfleet.node.store.schema.Tables.RECORDING;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Recorded segments and their progress through the pipeline. */
public final class RecordingStore {
  private final DSLContext dsl;
  private final Clock clock;

  public RecordingStore(NodeDatabase db, Clock clock) {
    this.dsl = db.dsl();
    this.clock = clock;
  }

  /** {@code epoch}: the master's assignment the file is written under, or null for the node's own room. */
  public void insertOpening(Recording r, Long epoch) {
    insertOpening(r, epoch, null);
  }

  /** The same for a file written for a capture of an on-demand room ({@code captureId}, else null). */
  public void insertOpening(Recording r, Long epoch, String captureId) {
    dsl.insertInto(RECORDING)
        .set(RECORDING.RECORDING_ID, r.recordingId())
        .set(RECORDING.ROOM_ID, r.roomId())
        .set(RECORDING.SESSION_ID, r.sessionId())
        .set(RECORDING.SEQ, r.seq())
        .set(RECORDING.BASE_NAME, r.baseName())
        .set(RECORDING.RAW_PATH, r.rawPath())
        .set(RECORDING.STATE, Recording.RECORDING)
        .set(RECORDING.STARTED_AT, r.startedAt())
        .set(RECORDING.EPOCH, epoch)
        .set(RECORDING.CAPTURE_ID, captureId)
        .set(RECORDING.TARGET_PATH, r.targetPath())
        .set(RECORDING.STORAGE, r.storage())
        .execute();
  }

  /**
   * Marks the segment closed and stores its transcode job in one transaction: from here on a
   * crash cannot lose it. Only a segment still being recorded is changed; a repeat changes nothing.
   */
  public void closeAndEnqueue(String recordingId, long rawBytes, Long durationMs, OffsetDateTime endedAt) {
    dsl.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      tx.update(RECORDING)
          .set(RECORDING.STATE, Recording.RECORDED)
          .set(RECORDING.RAW_BYTES, rawBytes)
          .set(RECORDING.DURATION_MS, durationMs)
          .set(RECORDING.ENDED_AT, endedAt)
          .where(RECORDING.RECORDING_ID.eq(recordingId)).and(RECORDING.STATE.eq(Recording.RECORDING))
          .execute();
      JobStore.enter(tx, recordingId, OffsetDateTime.now(clock));
    });
  }

  /**
   * Takes in a finished file from another recorder: its room (created as external if new), its
   * recording row and its transcode job, in one transaction. The recording id is derived from the
   * file, so the same file sent again, even at the same moment, is taken in once; the sender's
   * event id, if any, is stored in the same transaction. Returns false when it was already there.
   */
  public boolean ingestExternal(String eventIdOrNull, String recordingId, String roomId, String origin,
                                String shownPath, String sourcePath, long bytes) {
    try {
      RoomStore.ensureExternal(dsl, roomId, origin, OffsetDateTime.now(clock));
    } catch (org.jooq.exception.IntegrityConstraintViolationException raced) {
      // another call created the room at the same moment: it exists, which is all we need
    }
    try {
      return ingestOnce(eventIdOrNull, recordingId, roomId, origin, shownPath, sourcePath, bytes);
    } catch (org.jooq.exception.IntegrityConstraintViolationException raced) {
      return false; // the same file arrived twice at the same moment; the other call took it in
    }
  }

  private boolean ingestOnce(String eventIdOrNull, String recordingId, String roomId, String origin,
                             String shownPath, String sourcePath, long bytes) {
    return dsl.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      OffsetDateTime now = OffsetDateTime.now(clock);
      if (eventIdOrNull != null && !WebhookEvents.firstSeen(tx, eventIdOrNull, origin, now)) return false;
      int inserted = tx.insertInto(RECORDING)
          .set(RECORDING.RECORDING_ID, recordingId)
          .set(RECORDING.ROOM_ID, roomId)
          .set(RECORDING.SESSION_ID, recordingId)
          .set(RECORDING.SEQ, 1)
          .set(RECORDING.BASE_NAME, freeBaseName(tx, roomId, shownPath, recordingId))
          .set(RECORDING.RAW_PATH, shownPath)
          .set(RECORDING.STATE, Recording.RECORDED)
          .set(RECORDING.STARTED_AT, now)
          .set(RECORDING.ENDED_AT, now)
          .set(RECORDING.RAW_BYTES, bytes)
          .set(RECORDING.SOURCE_PATH, sourcePath)
          .set(RECORDING.ORIGIN, origin)
          .onDuplicateKeyIgnore()
          .execute();
      if (inserted == 1) JobStore.enter(tx, recordingId, now);
      return inserted == 1;
    });
  }

  /**
   * The sender's file name without folders or extension (letters of any script and digits stay,
   * other characters become {@code _}), so links users already have keep working; a short id is added only when the
   * room already has a recording of that name.
   */
  private static String freeBaseName(DSLContext tx, String roomId, String shownPath, String recordingId) {
    String name = shownPath.substring(shownPath.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot > 0) name = name.substring(0, dot);
    name = name.replaceAll("[^\\p{L}\\p{N}_.-]", "_");
    if (name.length() > 120) name = name.substring(0, 120);
    if (!name.isEmpty() && Character.isLetterOrDigit(name.charAt(0))
        && !tx.fetchExists(RECORDING, RECORDING.ROOM_ID.eq(roomId).and(RECORDING.BASE_NAME.eq(name)))) {
      return name;
    }
    return (name.isEmpty() ? "file" : name) + "-" + recordingId.substring(0, 8);
  }

  /** In a transcode's completion: the recording, recorded, now has its MP4. Throws if it moved on meanwhile. */
  public static void markTranscoded(DSLContext tx, String recordingId, String outputPath, long outputBytes,
                                    long durationMs) {
    int changed = tx.update(RECORDING)
        .set(RECORDING.STATE, Recording.TRANSCODED)
        .set(RECORDING.OUTPUT_PATH, outputPath)
        .set(RECORDING.OUTPUT_BYTES, outputBytes)
        .set(RECORDING.DURATION_MS, durationMs)
        .where(RECORDING.RECORDING_ID.eq(recordingId))
        .and(RECORDING.STATE.in(Recording.RECORDED, Recording.TRANSCODED))
        .execute();
    if (changed != 1) throw new StaleClaimException(recordingId, Recording.RECORDED);
  }

  /** In an upload's completion: the recording, transcoded, is now in the target. Throws if it moved on meanwhile. */
  public static void markStored(DSLContext tx, String recordingId, String storedPath, long storedBytes,
                                String coverPath, Long coverBytes) {
    int changed = tx.update(RECORDING)
        .set(RECORDING.STATE, Recording.STORED)
        .set(RECORDING.STORED_PATH, storedPath)
        .set(RECORDING.STORED_BYTES, storedBytes)
        .set(RECORDING.COVER_PATH, coverPath)
        .set(RECORDING.COVER_BYTES, coverBytes)
        .where(RECORDING.RECORDING_ID.eq(recordingId))
        .and(RECORDING.STATE.in(Recording.TRANSCODED, Recording.STORED))
        .execute();
    if (changed != 1) throw new StaleClaimException(recordingId, Recording.TRANSCODED);
  }

  /** A stage gave the recording up; one already stored or evicted is never marked failed. */
  public void markFailed(String recordingId, String error) {
    dsl.update(RECORDING)
        .set(RECORDING.STATE, Recording.FAILED)
        .set(RECORDING.LAST_ERROR, error)
        .where(RECORDING.RECORDING_ID.eq(recordingId))
        .and(RECORDING.STATE.notIn(Recording.STORED, Recording.EVICTED))
        .execute();
  }

  public Optional<Recording> get(String recordingId) {
    return dsl.selectFrom(RECORDING).where(RECORDING.RECORDING_ID.eq(recordingId))
        .fetchOptional(RecordingStore::toRecording);
  }

  public List<Recording> list(String roomIdOrNull, int limit) {
    var where = roomIdOrNull == null ? RECORDING.ROOM_ID.isNotNull() : RECORDING.ROOM_ID.eq(roomIdOrNull);
    return dsl.selectFrom(RECORDING).where(where)
        .orderBy(RECORDING.STARTED_AT.desc(), RECORDING.SEQ.desc())
        .limit(limit)
        .fetch(RecordingStore::toRecording);
  }

  /** The stored recording whose file (or, with {@code cover}, whose cover) has this name. */
  public Optional<Recording> findStoredByName(String fileName, boolean cover) {
    var column = cover ? RECORDING.COVER_PATH : RECORDING.STORED_PATH;
    String escaped = fileName.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return dsl.selectFrom(RECORDING).where(RECORDING.STATE.eq(Recording.STORED))
        .and(column.like("%/" + escaped, '!'))
        .orderBy(RECORDING.STARTED_AT.desc()).limit(1)
        .fetchOptional(RecordingStore::toRecording);
  }

  public List<Recording> storedInRoom(String roomId) {
    return dsl.selectFrom(RECORDING).where(RECORDING.STATE.eq(Recording.STORED)).and(RECORDING.ROOM_ID.eq(roomId))
        .orderBy(RECORDING.STARTED_AT, RECORDING.SEQ).fetch(RecordingStore::toRecording);
  }

  /**
   * Recordings stored in one storage, oldest first: the candidates for eviction (nothing still
   * uploading is STORED). {@code isDefault}: the node's default storage, which also holds the
   * recordings that name none.
   */
  public List<Recording> storedOldestFirst(String storage, boolean isDefault) {
    return dsl.selectFrom(RECORDING).where(RECORDING.STATE.eq(Recording.STORED)).and(inStorage(storage, isDefault))
        .orderBy(RECORDING.STARTED_AT, RECORDING.SEQ).fetch(RecordingStore::toRecording);
  }

  /** Bytes held in one storage: stored recordings plus their covers. */
  public long storedBytes(String storage, boolean isDefault) {
    var sum = dsl.select(org.jooq.impl.DSL.sum(RECORDING.STORED_BYTES.plus(org.jooq.impl.DSL.coalesce(RECORDING.COVER_BYTES, 0L))))
        .from(RECORDING).where(RECORDING.STATE.eq(Recording.STORED)).and(inStorage(storage, isDefault))
        .fetchOne(0, java.math.BigDecimal.class);
    return sum == null ? 0 : sum.longValue();
  }

  private static org.jooq.Condition inStorage(String storage, boolean isDefault) {
    return isDefault ? RECORDING.STORAGE.eq(storage).or(RECORDING.STORAGE.isNull()) : RECORDING.STORAGE.eq(storage);
  }

  public void markEvicted(String recordingId, String reason) {
    dsl.update(RECORDING)
        .set(RECORDING.STATE, Recording.EVICTED)
        .set(RECORDING.LAST_ERROR, reason)
        .where(RECORDING.RECORDING_ID.eq(recordingId)).and(RECORDING.STATE.eq(Recording.STORED))
        .execute();
  }

  /**
   * Forgets a recording and its jobs, unless it is still being written; false if there was nothing
   * to forget (already gone, or being written).
   */
  public boolean forget(String recordingId) {
    return dsl.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      String capture = tx.select(RECORDING.CAPTURE_ID).from(RECORDING).where(RECORDING.RECORDING_ID.eq(recordingId))
          .fetchOptional(RECORDING.CAPTURE_ID).orElse(null);
      int rows = tx.deleteFrom(RECORDING).where(RECORDING.RECORDING_ID.eq(recordingId))
          .and(RECORDING.STATE.ne(Recording.RECORDING)).execute();
      if (rows == 1) tx.deleteFrom(recfleet.node.store.schema.Tables.JOB).where(
          recfleet.node.store.schema.Tables.JOB.RECORDING_ID.eq(recordingId)).execute();
      if (rows == 1 && capture != null) {
        // the captures written to it (its own, and those that joined its file) now read as deleted, not as empty
        tx.update(CAPTURE).set(CAPTURE.FILES_DELETED_AT, OffsetDateTime.now(clock))
            .where(CAPTURE.CAPTURE_ID.eq(capture).or(CAPTURE.JOINED_TO.eq(capture))).execute();
      }
      return rows == 1;
    });
  }


  /** A stored recording with the number Monibuca's clients address it by. */
  public record Numbered(long num, Recording recording) {}

  /** A room's stored recordings that overlap [from, to] (either may be null: open), oldest first. */
  public List<Numbered> storedNumbered(String roomId, OffsetDateTime from, OffsetDateTime to) {
    var where = RECORDING.STATE.eq(Recording.STORED).and(RECORDING.ROOM_ID.eq(roomId));
    if (from != null) where = where.and(RECORDING.ENDED_AT.ge(from));
    if (to != null) where = where.and(RECORDING.STARTED_AT.le(to));
    return dsl.selectFrom(RECORDING).where(where).orderBy(RECORDING.STARTED_AT, RECORDING.SEQ)
        .fetch(r -> new Numbered(r.get(RECORDING.NUM), toRecording(r)));
  }

  /** The recording a Monibuca client's number names. */
  public Optional<Recording> byNum(long num) {
    return dsl.selectFrom(RECORDING).where(RECORDING.NUM.eq(num)).fetchOptional(RecordingStore::toRecording);
  }

  /** Per room with stored recordings: how many, the first start and the last end. */
  public record RoomSpan(String roomId, int count, OffsetDateTime first, OffsetDateTime last) {}

  public List<RoomSpan> storedSpans() {
    return dsl.select(RECORDING.ROOM_ID, org.jooq.impl.DSL.count(), org.jooq.impl.DSL.min(RECORDING.STARTED_AT),
            org.jooq.impl.DSL.max(RECORDING.ENDED_AT))
        .from(RECORDING).where(RECORDING.STATE.eq(Recording.STORED)).groupBy(RECORDING.ROOM_ID)
        .orderBy(RECORDING.ROOM_ID).fetch(r -> new RoomSpan(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  /** Segments that were being written when the process died. */
  public List<Recording> interrupted() {
    return dsl.selectFrom(RECORDING).where(RECORDING.STATE.eq(Recording.RECORDING))
        .fetch(RecordingStore::toRecording);
  }

  private static Recording toRecording(Record r) {
    return new Recording(
        r.get(RECORDING.RECORDING_ID), r.get(RECORDING.ROOM_ID), r.get(RECORDING.SESSION_ID),
        r.get(RECORDING.SEQ), r.get(RECORDING.BASE_NAME), r.get(RECORDING.RAW_PATH),
        r.get(RECORDING.STATE), r.get(RECORDING.STARTED_AT), r.get(RECORDING.ENDED_AT),
        r.get(RECORDING.RAW_BYTES), r.get(RECORDING.DURATION_MS), r.get(RECORDING.OUTPUT_PATH),
        r.get(RECORDING.OUTPUT_BYTES), r.get(RECORDING.STORED_PATH), r.get(RECORDING.STORED_BYTES),
        r.get(RECORDING.LAST_ERROR), r.get(RECORDING.SOURCE_PATH), r.get(RECORDING.ORIGIN),
        r.get(RECORDING.COVER_PATH), r.get(RECORDING.COVER_BYTES), r.get(RECORDING.TARGET_PATH),
        r.get(RECORDING.STORAGE));
  }
}
