package recfleet.node.store;

import static recfleet.node.store.schema.Tables.RECORDING;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Recorded segments and their progress through the pipeline. */
public final class RecordingStore {
  private final DSLContext dsl;

  public RecordingStore(NodeDatabase db) {
    this.dsl = db.dsl();
  }

  public void insertOpening(Recording r) {
    dsl.insertInto(RECORDING)
        .set(RECORDING.RECORDING_ID, r.recordingId())
        .set(RECORDING.ROOM_ID, r.roomId())
        .set(RECORDING.SESSION_ID, r.sessionId())
        .set(RECORDING.SEQ, r.seq())
        .set(RECORDING.BASE_NAME, r.baseName())
        .set(RECORDING.RAW_PATH, r.rawPath())
        .set(RECORDING.STATE, Recording.RECORDING)
        .set(RECORDING.STARTED_AT, r.startedAt())
        .execute();
  }

  /**
   * Marks the segment closed and stores its transcode job in one transaction: from here on a
   * crash cannot lose it.
   */
  public void closeAndEnqueue(String recordingId, long rawBytes, Long durationMs, OffsetDateTime endedAt) {
    dsl.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      tx.update(RECORDING)
          .set(RECORDING.STATE, Recording.RECORDED)
          .set(RECORDING.RAW_BYTES, rawBytes)
          .set(RECORDING.DURATION_MS, durationMs)
          .set(RECORDING.ENDED_AT, endedAt)
          .where(RECORDING.RECORDING_ID.eq(recordingId))
          .execute();
      JobStore.enqueue(tx, recordingId, Stage.TRANSCODE);
    });
  }

  public static void markTranscoded(DSLContext tx, String recordingId, String outputPath, long outputBytes,
                                    long durationMs) {
    tx.update(RECORDING)
        .set(RECORDING.STATE, Recording.TRANSCODED)
        .set(RECORDING.OUTPUT_PATH, outputPath)
        .set(RECORDING.OUTPUT_BYTES, outputBytes)
        .set(RECORDING.DURATION_MS, durationMs)
        .where(RECORDING.RECORDING_ID.eq(recordingId))
        .execute();
  }

  public static void markStored(DSLContext tx, String recordingId, String storedPath, long storedBytes) {
    tx.update(RECORDING)
        .set(RECORDING.STATE, Recording.STORED)
        .set(RECORDING.STORED_PATH, storedPath)
        .set(RECORDING.STORED_BYTES, storedBytes)
        .where(RECORDING.RECORDING_ID.eq(recordingId))
        .execute();
  }

  public void markFailed(String recordingId, String error) {
    dsl.update(RECORDING)
        .set(RECORDING.STATE, Recording.FAILED)
        .set(RECORDING.LAST_ERROR, error)
        .where(RECORDING.RECORDING_ID.eq(recordingId))
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
        r.get(RECORDING.LAST_ERROR));
  }
}
