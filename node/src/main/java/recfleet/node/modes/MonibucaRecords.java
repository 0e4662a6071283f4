package recfleet.node.modes;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.ApiError;
import recfleet.common.event.EventType;
import recfleet.node.notify.CaptureFacts;
import recfleet.node.notify.NodeEvents;
import recfleet.node.record.RoomRecordOptions;
import recfleet.node.store.Capture;
import recfleet.node.store.CaptureStore;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.RoomEntry;
import recfleet.node.store.RoomStore;
import recfleet.node.upload.RecordingDeleter;

/**
 * Monibuca's MP4 recording API over the node's rooms (addressed by stream path) and recordings
 * (addressed by number): event recording with pre- and post-roll, start and stop on demand, the
 * list of a stream's files, the catalog of streams, and deletion by ids. Answers are Monibuca's:
 * {@code {code, message, ...}} with code 0 on success.
 */
public final class MonibucaRecords {
  private static final Logger log = LoggerFactory.getLogger(MonibucaRecords.class);

  /** What it reads and acts on. */
  public record Parts(RoomStore rooms, RecordingStore recordings, CaptureStore captures, RoomCaptures capturers,
                      RecordingDeleter deleter, NodeEvents events, WorkerExecutor db) {}

  private final Parts parts;
  private final Clock clock;
  private final ZoneId zone;
  private final CaptureEnds ends;

  public MonibucaRecords(Parts parts, Clock clock, ZoneId zone) {
    this.parts = parts;
    this.clock = clock;
    this.zone = zone;
    this.ends = new CaptureEnds(parts.capturers(), parts.captures(), parts.events(), parts.db());
  }

  /**
   * An event: on an on-demand room, written from the keyframe at or before now - before until
   * now + after (an event while another's file is open extends that file); on a room that records
   * continuously, a catalog entry over the files it already writes.
   */
  public Future<Map<String, Object>> eventStart(EventRequest e) {
    long now = clock.millis();
    long from = now - e.before().toMillis();
    long to = now + e.after().toMillis();
    Capture.Labels labels = new Capture.Labels(e.name(), e.description(), e.level());
    return parts.db().executeBlocking(() -> room(e.streamPath())).compose(room -> {
      Optional<Capturer> capturer = parts.capturers().get(room.roomId());
      if (capturer.isPresent()) {
        return capturer.get().startEvent(e.captureId(), from, to).compose(started -> parts.db().executeBlocking(() ->
            stored(Capture.started(e.captureId(), room.roomId(), Capture.EVENT, at(from), at(started.keyframeArrivedAtMs()),
                at(to), labels, null, started.joinedTo()))));
      }
      if (RoomRecordOptions.onDemand(room.options())) {
        throw new ApiError(ApiError.NOTHING_BUFFERED, 503, "stream " + e.streamPath() + " is not connected to its source");
      }
      return parts.db().executeBlocking(() -> stored(new Capture(e.captureId(), room.roomId(), Capture.EVENT,
          Capture.ENDED, at(from), at(from), at(to), at(now), Capture.ON_CONTINUOUS, null, labels, null, null, null, null)));
    });
  }

  /** Blocking: the event stored and announced; Monibuca's answer with its number. */
  private Map<String, Object> stored(Capture c) {
    if (!parts.captures().insert(c)) throw new ApiError(ApiError.ID_TAKEN, 409, "eventId " + c.captureId() + " is taken");
    Capture saved = parts.captures().get(c.captureId()).orElse(c);
    parts.events().publish(EventType.CaptureStarted, CaptureFacts.of(saved, List.of()));
    log.info("[room {}] event '{}' ({}) recorded from {} to {}", c.roomId(), c.name(), c.captureId(), c.startedAt(), c.endsAt());
    Map<String, Object> body = ok();
    body.put("id", saved.num());
    return body;
  }

  /** POST /mp4/api/start/{streamPath}: an on-demand room writes until stopped. */
  public Future<Map<String, Object>> start(String streamPath) {
    String id = java.util.UUID.randomUUID().toString();
    long now = clock.millis();
    return parts.db().executeBlocking(() -> room(streamPath)).compose(room -> capturer(room, streamPath)
        .start(id, now, CaptureWindow.OPEN_ENDED, null)
        .compose(started -> parts.db().executeBlocking(() -> stored(Capture.started(id, room.roomId(), Capture.ON_DEMAND,
            at(now), at(started.keyframeArrivedAtMs()), null, Capture.Labels.NONE, null, started.joinedTo())))));
  }

  /** POST /mp4/api/stop/{streamPath}: ends what start began on the stream. */
  public Future<Map<String, Object>> stop(String streamPath) {
    return parts.db().executeBlocking(() -> {
      RoomEntry room = room(streamPath);
      return parts.captures().list(room.roomId(), Capture.ON_DEMAND, 100).stream()
          .filter(c -> Capture.RECORDING.equals(c.state())).toList();
    }).compose(open -> {
      Future<?> all = Future.succeededFuture();
      for (Capture c : open) all = all.compose(x -> ends.stop(c));
      return all.map(x -> {
        Map<String, Object> body = ok();
        body.put("data", open.size());
        return body;
      });
    });
  }

  /** GET /mp4/api/list/{streamPath}: the stream's stored files, oldest first, a page at a time. */
  public Map<String, Object> list(String streamPath, OffsetDateTime from, OffsetDateTime to, int pageNum, int pageSize) {
    RoomEntry room = room(streamPath);
    List<RecordingStore.Numbered> all = parts.recordings().storedNumbered(room.roomId(), from, to);
    int size = pageSize <= 0 ? Math.max(1, all.size()) : pageSize;
    int page = Math.max(1, pageNum);
    List<Map<String, Object>> data = new ArrayList<>();
    for (RecordingStore.Numbered n : all.subList(Math.min(all.size(), (page - 1) * size), Math.min(all.size(), page * size))) {
      data.add(file(n, streamPath));
    }
    Map<String, Object> body = ok();
    body.put("totalCount", all.size());
    body.put("pageNum", page);
    body.put("pageSize", size);
    body.put("data", data);
    return body;
  }

  /** GET /mp4/api/catalog: every stream with stored files, how many, from when to when. */
  public Map<String, Object> catalog() {
    List<Map<String, Object>> data = new ArrayList<>();
    for (RecordingStore.RoomSpan span : parts.recordings().storedSpans()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("streamPath", parts.rooms().get(span.roomId()).map(StreamPaths::of).orElse(span.roomId()));
      entry.put("count", span.count());
      entry.put("startTime", String.valueOf(span.first()));
      entry.put("endTime", String.valueOf(span.last()));
      data.add(entry);
    }
    Map<String, Object> body = ok();
    body.put("data", data);
    return body;
  }

  /** POST /mp4/api/delete/{streamPath} {ids}: the stream's files by number; what was deleted. */
  public Map<String, Object> delete(String streamPath, List<Long> ids) throws Exception {
    RoomEntry room = room(streamPath);
    List<Map<String, Object>> deleted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (long num : ids) {
      Optional<Recording> r = parts.recordings().byNum(num).filter(x -> x.roomId().equals(room.roomId()));
      if (r.isEmpty()) {
        refused.add(num + ": no such file of " + streamPath);
        continue;
      }
      Map<String, Object> file = file(new RecordingStore.Numbered(num, r.get()), streamPath);
      try {
        parts.deleter().delete(r.get().recordingId());
        deleted.add(file);
      } catch (ApiError e) {
        refused.add(num + ": " + e.getMessage());
      }
    }
    Map<String, Object> body = refused.isEmpty() ? ok() : new LinkedHashMap<>(Map.of("code", ApiError.BUSY,
        "message", String.join("; ", refused)));
    body.put("data", deleted);
    return body;
  }

  private Map<String, Object> file(RecordingStore.Numbered n, String streamPath) {
    Recording r = n.recording();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", n.num());
    f.put("filePath", r.storedPath());
    f.put("streamPath", streamPath);
    f.put("startTime", String.valueOf(r.startedAt()));
    f.put("endTime", String.valueOf(r.endedAt()));
    f.put("recordingId", r.recordingId());
    return f;
  }

  /** Blocking: the room a stream path names, or a 404 that says so. */
  private RoomEntry room(String streamPath) {
    return StreamPaths.resolve(parts.rooms(), streamPath)
        .orElseThrow(() -> new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such stream: " + streamPath));
  }

  private Capturer capturer(RoomEntry room, String streamPath) {
    return parts.capturers().get(room.roomId()).orElseThrow(() -> RoomRecordOptions.onDemand(room.options())
        ? new ApiError(ApiError.NOTHING_BUFFERED, 503, "stream " + streamPath + " is not connected to its source")
        : new ApiError(ApiError.NOT_ON_DEMAND, 409, "stream " + streamPath + " records continuously already"));
  }

  private static Map<String, Object> ok() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", 0);
    body.put("message", "success");
    return body;
  }

  private OffsetDateTime at(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atZone(zone).toOffsetDateTime();
  }
}
