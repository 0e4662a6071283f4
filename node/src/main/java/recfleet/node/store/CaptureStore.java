package recfleet.node.store;

import static recfleet.node.store.schema.Tables.CAPTURE;
import static recfleet.node.store.schema.Tables.RECORDING;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Records;

/** Captures of on-demand rooms, and the files written for each. Blocking. */
public final class CaptureStore {
  private final DSLContext dsl;
  private final Clock clock;

  public CaptureStore(NodeDatabase db, Clock clock) {
    this.dsl = db.dsl();
    this.clock = clock;
  }

  /**
   * A new capture; false when a capture has the id. (Its first file takes the id too, and may be
   * stored first: the caller checked before starting it that no recording had the id.)
   */
  public boolean insert(Capture c) {
    return dsl.insertInto(CAPTURE)
        .set(CAPTURE.CAPTURE_ID, c.captureId())
        .set(CAPTURE.ROOM_ID, c.roomId())
        .set(CAPTURE.KIND, c.kind())
        .set(CAPTURE.STATE, c.state())
        .set(CAPTURE.REQUESTED_START, c.requestedStart())
        .set(CAPTURE.STARTED_AT, c.startedAt())
        .set(CAPTURE.ENDS_AT, c.endsAt())
        .set(CAPTURE.NAME, c.labels().name())
        .set(CAPTURE.DESCRIPTION, c.labels().description())
        .set(CAPTURE.LEVEL, c.labels().level())
        .set(CAPTURE.FILE_BASE, c.fileBase())
        .set(CAPTURE.JOINED_TO, c.joinedTo())
        .set(CAPTURE.STOP_REASON, c.stopReason())
        .set(CAPTURE.ENDED_AT, c.endedAt())
        .set(CAPTURE.CREATED_AT, OffsetDateTime.now(clock))
        .onDuplicateKeyIgnore()
        .execute() == 1;
  }

  public Optional<Capture> get(String captureId) {
    return dsl.selectFrom(CAPTURE).where(CAPTURE.CAPTURE_ID.eq(captureId)).fetchOptional(this::toCapture);
  }

  /** The newest capture of a kind in a room, of that name if one is given (null: any name). */
  public Optional<Capture> latest(String roomId, String kind, String name) {
    var where = CAPTURE.ROOM_ID.eq(roomId).and(CAPTURE.KIND.eq(kind));
    if (name != null) where = where.and(CAPTURE.NAME.eq(name));
    return dsl.selectFrom(CAPTURE).where(where).orderBy(CAPTURE.CREATED_AT.desc()).limit(1)
        .fetchOptional(this::toCapture);
  }

  /** Ends a capture still recording or waiting to start; a repeat (or an unknown id) changes nothing. */
  public boolean markEnded(String captureId, String reason) {
    return dsl.update(CAPTURE)
        .set(CAPTURE.STATE, Capture.ENDED)
        .set(CAPTURE.STOP_REASON, reason)
        .set(CAPTURE.ENDED_AT, OffsetDateTime.now(clock))
        .where(CAPTURE.CAPTURE_ID.eq(captureId)).and(CAPTURE.STATE.in(Capture.RECORDING, Capture.STARTING))
        .execute() == 1;
  }

  /**
   * A waiting camera task has begun: where its file starts, when it ends, the name its file takes and
   * the capture whose file it joined; false when it was no longer waiting (stopped meanwhile).
   */
  public boolean begun(String captureId, OffsetDateTime startedAt, OffsetDateTime endsAt, String fileBase,
                       String joinedTo) {
    return dsl.update(CAPTURE)
        .set(CAPTURE.STATE, Capture.RECORDING)
        .set(CAPTURE.STARTED_AT, startedAt)
        .set(CAPTURE.ENDS_AT, endsAt)
        .set(CAPTURE.FILE_BASE, fileBase)
        .set(CAPTURE.JOINED_TO, joinedTo)
        .where(CAPTURE.CAPTURE_ID.eq(captureId)).and(CAPTURE.STATE.eq(Capture.STARTING))
        .execute() == 1;
  }

  /** Camera tasks waiting for their camera's first picture, oldest first. */
  public List<Capture> waiting() {
    return dsl.selectFrom(CAPTURE).where(CAPTURE.STATE.eq(Capture.STARTING)).orderBy(CAPTURE.CREATED_AT)
        .fetch(this::toCapture);
  }

  /**
   * At boot: captures a stopped process left recording are over (their files are queued as they are).
   * Tasks still waiting for their camera go on waiting.
   */
  public int endAllOpen(String reason) {
    return dsl.update(CAPTURE)
        .set(CAPTURE.STATE, Capture.ENDED)
        .set(CAPTURE.STOP_REASON, reason)
        .set(CAPTURE.ENDED_AT, OffsetDateTime.now(clock))
        .where(CAPTURE.STATE.eq(Capture.RECORDING))
        .execute();
  }

  /**
   * The ids of the files a capture is in, oldest first: those written for it, or for the capture it
   * joined, or (an event on a room that records continuously) those whose time overlaps its own.
   */
  public List<String> files(String captureId) {
    Optional<Capture> c = get(captureId);
    if (c.isPresent() && Capture.ON_CONTINUOUS.equals(c.get().stopReason())) {
      return dsl.select(RECORDING.RECORDING_ID).from(RECORDING).where(RECORDING.ROOM_ID.eq(c.get().roomId()))
          .and(RECORDING.STARTED_AT.le(c.get().endsAt()))
          .and(RECORDING.ENDED_AT.isNull().or(RECORDING.ENDED_AT.ge(c.get().startedAt())))
          .orderBy(RECORDING.STARTED_AT).fetch(RECORDING.RECORDING_ID);
    }
    String owner = c.map(Capture::joinedTo).orElse(null) != null ? c.get().joinedTo() : captureId;
    return dsl.select(RECORDING.RECORDING_ID).from(RECORDING).where(RECORDING.CAPTURE_ID.eq(owner))
        .orderBy(RECORDING.STARTED_AT).fetch(RECORDING.RECORDING_ID);
  }

  /** A room's captures of a kind, newest first, at most {@code limit}. */
  public List<Capture> list(String roomId, String kind, int limit) {
    return dsl.selectFrom(CAPTURE).where(CAPTURE.ROOM_ID.eq(roomId)).and(CAPTURE.KIND.eq(kind))
        .orderBy(CAPTURE.CREATED_AT.desc()).limit(limit).fetch(this::toCapture);
  }

  private Capture toCapture(recfleet.node.store.schema.tables.records.CaptureRecord r) {
    return new Capture(r.getCaptureId(), r.getRoomId(), r.getKind(), r.getState(), r.getRequestedStart(),
        r.getStartedAt(), r.getEndsAt(), r.getEndedAt(), r.getStopReason(), r.getCreatedAt(),
        new Capture.Labels(r.getName(), r.getDescription(), r.getLevel()), r.getFileBase(), r.getJoinedTo(), r.getNum(),
        r.getFilesDeletedAt());
  }
}
