package recfleet.master.recordings;

import static recfleet.master.store.schema.Tables.FLEET_RECORDING;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import recfleet.common.event.RecfleetEvent;
import recfleet.master.store.schema.tables.records.FleetRecordingRecord;

/**
 * The fleet's recordings in the master's database, kept from the nodes' events: FileOpening and
 * FileClosed say who writes what under which epoch and when; UpEnded says where it is stored;
 * RecordingEvicted that it is gone. Blocking; the master calls it from one ordered worker.
 */
public final class RecordingIndex {
  private final DSLContext dsl;

  public RecordingIndex(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Whether an event is about a recording this index keeps (checked before any database work). */
  public static boolean concerns(RecfleetEvent e) {
    return stateAfter(e) != null;
  }

  private static String stateAfter(RecfleetEvent e) {
    return switch (e.eventType()) {
      case FileOpening -> FleetRecording.WRITING;
      case FileClosed -> FleetRecording.CLOSED;
      case UpEnded -> FleetRecording.STORED;
      case RecordingEvicted -> FleetRecording.EVICTED;
      default -> null;
    };
  }

  /** Takes one node event in; the recording as it stands after it, or empty for events about something else. */
  public Optional<FleetRecording> take(RecfleetEvent e, Instant now) {
    String state = stateAfter(e);
    String recordingId = text(e.data("RecordingId"));
    String roomId = text(e.data("RoomId"));
    if (state == null || recordingId == null || roomId == null || e.nodeId() == null) return Optional.empty();
    return Optional.of(dsl.transactionResult(cfg -> merge(cfg.dsl(), e, state, recordingId, roomId, now)));
  }

  private static FleetRecording merge(DSLContext tx, RecfleetEvent e, String state, String recordingId,
                                      String roomId, Instant now) {
    FleetRecordingRecord row = tx.selectFrom(FLEET_RECORDING).where(FLEET_RECORDING.RECORDING_ID.eq(recordingId))
        .forUpdate().fetchOptional().orElseGet(() -> {
          FleetRecordingRecord fresh = tx.newRecord(FLEET_RECORDING);
          fresh.setRecordingId(recordingId);
          return fresh;
        });
    row.setNodeId(e.nodeId());
    row.setRoomId(roomId);
    // a late FileClosed (a node's backlog) must not put the raw file's size over the stored file's
    boolean alreadyStored = FleetRecording.STORED.equals(row.getState()) || FleetRecording.EVICTED.equals(row.getState());
    row.setState(FleetRecording.later(row.getState(), state));
    if (e.data("Epoch") != null) row.setEpoch(number(e.data("Epoch")));
    switch (e.eventType()) {
      case FileOpening, FileClosed -> {
        row.setRawPath(text(e.data("RelativePath")));
        if (e.data("FileOpenTime") != null) row.setOpenedAt(time(e.data("FileOpenTime")));
        if (e.data("LastWriteTime") != null) row.setLastWriteAt(time(e.data("LastWriteTime")));
        if (e.eventType() == recfleet.common.event.EventType.FileClosed && !alreadyStored) sizeAndLength(row, e);
      }
      case UpEnded -> {
        row.setStoredPath(text(e.data("RelativePath")));
        row.setCoverPath(text(e.data("CoverPath")));
        sizeAndLength(row, e);
      }
      default -> { }
    }
    row.setUpdatedAt(now.atOffset(ZoneOffset.UTC));
    row.store();
    return view(row);
  }

  private static void sizeAndLength(FleetRecordingRecord row, RecfleetEvent e) {
    if (e.data("FileSize") != null) row.setFileSize(number(e.data("FileSize")));
    if (e.data("Duration") instanceof Number seconds) row.setDurationMs(Math.round(seconds.doubleValue() * 1000));
  }

  /** One room's recordings, oldest first. */
  public List<FleetRecording> ofRoom(String roomId) {
    return list(roomId, null, Integer.MAX_VALUE);
  }

  /** Newest first, at most {@code limit}; {@code roomId} and {@code nodeId} narrow it when not null. */
  public List<FleetRecording> list(String roomId, String nodeId, int limit) {
    Condition where = DSL.noCondition();
    if (roomId != null) where = where.and(FLEET_RECORDING.ROOM_ID.eq(roomId));
    if (nodeId != null) where = where.and(FLEET_RECORDING.NODE_ID.eq(nodeId));
    var query = dsl.selectFrom(FLEET_RECORDING).where(where);
    List<FleetRecording> rows = limit == Integer.MAX_VALUE
        ? query.orderBy(FLEET_RECORDING.OPENED_AT.asc().nullsFirst()).fetch(RecordingIndex::view)
        : query.orderBy(FLEET_RECORDING.OPENED_AT.desc().nullsLast()).limit(limit).fetch(RecordingIndex::view);
    return rows;
  }

  private static FleetRecording view(FleetRecordingRecord r) {
    return new FleetRecording(r.getRecordingId(), r.getNodeId(), r.getRoomId(), r.getEpoch(), r.getState(),
        r.getRawPath(), instant(r.getOpenedAt()), instant(r.getLastWriteAt()), r.getStoredPath(), r.getFileSize(),
        r.getDurationMs(), r.getCoverPath());
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime time(Object value) {
    try {
      return OffsetDateTime.parse(value.toString());
    } catch (RuntimeException e) {
      return null; // a node that sent no usable time: the span stays unknown rather than wrong
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static Long number(Object value) {
    if (value instanceof Number n) return n.longValue();
    try {
      return Long.parseLong(value.toString());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
