package recfleet.node.record;

import recfleet.common.SourceSpec;
import recfleet.node.modes.Schedule;
import recfleet.node.modes.ScheduleKeeper;
import recfleet.node.modes.StreamPaths;
import recfleet.common.source.SourcePolicy;
import recfleet.common.source.SourceRefused;
import recfleet.common.Printable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.ApiError;
import recfleet.common.RoomId;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.RoomEntry;
import recfleet.node.store.RoomStore;
import recfleet.node.transcode.TranscodeSettings;
import recfleet.node.upload.StorageOptions;

/**
 * Adding, removing and listing rooms, shared by the native API and NGlive's routes. The room row
 * is stored before its recording task is asked for, so a room survives a restart from the moment
 * the caller hears "added". Database work runs on the given worker executor.
 */
public final class RoomService {
  private static final Logger log = LoggerFactory.getLogger(RoomService.class);

  private final Vertx vertx;
  private final WorkerExecutor db;
  private final RoomStore rooms;
  private final NodeEvents events;
  private final String sourceTemplate;
  private final TranscodeSettings transcodeDefaults;
  private final SourcePolicy policy;
  /** The storages this node has (local, webdav): what a room's options.record.storage may name. */
  private final StorageOptions storages;
  /** Whose time a room's schedule is judged by (the schedule keeper's, injected in tests). */
  private final java.time.Clock clock;

  public RoomService(Vertx vertx, WorkerExecutor db, RoomStore rooms, NodeEvents events, String sourceTemplate,
                     TranscodeSettings transcodeDefaults, SourcePolicy policy, StorageOptions storages,
                     java.time.Clock clock) {
    this.vertx = vertx;
    this.storages = storages;
    this.clock = clock;
    this.db = db;
    this.rooms = rooms;
    this.events = events;
    this.sourceTemplate = sourceTemplate;
    this.transcodeDefaults = transcodeDefaults;
    this.policy = policy;
  }
  /** The node these rooms are recorded on. */
  public String nodeId() {
    return events.nodeId();
  }


  public Future<RoomEntry> add(String roomId, String url, Map<String, Object> options) {
    if (!RoomId.isValid(roomId)) {
      return Future.failedFuture(new ApiError(ApiError.BAD_ROOM, 400,
          "bad room id '" + Printable.clip(roomId, 64) + "': 1-64 letters, digits, '_' or '-'"));
    }
    String source = url != null && !url.isBlank() ? url.strip()
        : sourceTemplate.isBlank() ? null : sourceTemplate.replace("{roomid}", roomId);
    if (source == null) {
      return Future.failedFuture(new ApiError(ApiError.BAD_ROOM, 400,
          "room " + roomId + " has no source: pass url=, or set [RECORD] source_template"));
    }
    SourceSpec spec;
    try {
      spec = SourceSpec.parse(source);
      policy.checkForm(source, spec);
    } catch (IllegalArgumentException | SourceRefused e) {
      return Future.failedFuture(refused(roomId, e));
    }
    String badOptions = checkOptions(options);
    if (badOptions == null && RoomRecordOptions.onDemand(options) && (!spec.network() || spec.isFilterGraph())) {
      badOptions = "options.record.mode on_demand needs a live network source (RTMP, RTSP, HTTP-FLV, HLS, SRT)";
    }
    if (badOptions != null) {
      return Future.failedFuture(new ApiError(ApiError.BAD_OPTIONS, 400, "room " + roomId + ": " + badOptions));
    }
    RoomEntry entry = new RoomEntry(roomId, source, "live", options == null ? Map.of() : options, OffsetDateTime.now());
    // DNS can be slow: it runs on the shared worker pool, not on the database's few workers
    return vertx.executeBlocking(() -> {
      checkAddress(roomId, spec);
      return null;
    }, false).compose(checked -> db.executeBlocking(() -> {
      if (rooms.isBlacklisted(roomId)) {
        throw new ApiError(ApiError.BLACKLISTED, 403, "room " + roomId + " is blacklisted");
      }
      String path = StreamPaths.of(entry);
      var holder = StreamPaths.resolve(rooms, path).filter(r -> !r.roomId().equals(roomId));
      if (holder.isPresent()) {
        throw new ApiError(ApiError.ADDED_TWICE, 409, "stream path " + path + " is room " + holder.get().roomId() + "'s");
      }
      if (!rooms.insert(entry)) {
        throw new ApiError(ApiError.ADDED_TWICE, 409, "room " + roomId + " was already added");
      }
      return entry;
    })).compose(added -> {
      log.info("[room {}] added, source {}", roomId, SourceSpec.redact(source));
      events.publish(EventType.RoomAdded, Map.of("RoomId", roomId));
      if (!ScheduleKeeper.mayRun(added, clock, events.zone())) {
        log.info("[room {}] outside its recording windows: it starts with the next one", roomId);
        return Future.succeededFuture(added); // the schedule keeper starts it when a window opens
      }
      return startTask(roomId).map(added);
    });
  }

  /** A network source's host, judged after DNS (blocking); one that does not resolve yet is let through. */
  private void checkAddress(String roomId, SourceSpec spec) {
    if (!spec.network()) return;
    String host = java.net.URI.create(spec.input()).getHost();
    try {
      policy.checkHost(host);
    } catch (SourceRefused e) {
      throw refused(roomId, e);
    } catch (java.net.UnknownHostException e) {
      log.info("[room {}] {} does not resolve yet; it is judged again before each connection", roomId, host);
    }
  }

  private static ApiError refused(String roomId, RuntimeException e) {
    String why = e instanceof SourceRefused ? "source refused: " + e.getMessage() : e.getMessage();
    log.warn("[room {}] not added: {}", roomId, why);
    return new ApiError(ApiError.BAD_ROOM, 400, "room " + roomId + ": " + why);
  }

  public Future<Void> remove(String roomId) {
    return db.executeBlocking(() -> {
      if (rooms.get(roomId).map(RoomEntry::heldFromMaster).orElse(false)) {
        throw new ApiError(ApiError.HELD_FROM_MASTER, 409,
            "room " + roomId + " is recorded for the master; remove it on the master");
      }
      if (!rooms.delete(roomId)) {
        throw new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such room: " + Printable.clip(roomId, 64));
      }
      return null;
    }).compose(v -> vertx.eventBus().request(Addresses.DOCTOR_TASK_STOP, new JsonObject().put("roomId", roomId)))
      .map(reply -> {
        log.info("[room {}] removed", roomId);
        events.publish(EventType.RoomRemoved, Map.of("RoomId", roomId));
        return null;
      });
  }

  public Future<List<RoomEntry>> list() {
    return db.executeBlocking(rooms::list);
  }

  public Future<RoomEntry> get(String roomId) {
    return db.executeBlocking(() -> rooms.get(roomId)
        .orElseThrow(() -> new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such room: " + Printable.clip(roomId, 64))));
  }

  public Future<Map<String, String>> blacklist() {
    return db.executeBlocking(rooms::blacklist);
  }

  public Future<Boolean> addToBlacklist(String roomId, String reason) {
    if (!RoomId.isValid(roomId)) {
      return Future.failedFuture(new ApiError(ApiError.BAD_ROOM, 400, "bad room id '" + Printable.clip(roomId, 64) + "'"));
    }
    return db.executeBlocking(() -> rooms.addToBlacklist(roomId, reason == null ? "" : reason));
  }

  public Future<Boolean> removeFromBlacklist(String roomId) {
    return db.executeBlocking(() -> rooms.removeFromBlacklist(roomId));
  }

  /** At boot: every stored room gets its recording task again. */
  public Future<Integer> resumeAll() {
    return db.executeBlocking(rooms::active).compose(all -> {
      Future<?> chain = Future.succeededFuture();
      for (RoomEntry room : all) {
        if (!ScheduleKeeper.mayRun(room, clock, events.zone())) continue; // the schedule keeper starts it later
        chain = chain.compose(v -> startTask(room.roomId()));
      }
      return chain.map(all.size());
    });
  }

  private Future<Void> startTask(String roomId) {
    return vertx.eventBus().request(Addresses.DOCTOR_TASK_START, new JsonObject().put("roomId", roomId)).mapEmpty();
  }

  /** Null when the options are usable; otherwise what is wrong with them. */
  private String checkOptions(Map<String, Object> options) {
    Object path = options == null ? null : options.get("path");
    if (path != null && !(path instanceof String p && StreamPaths.isValid(p))) {
      return "options.path '" + Printable.clip(String.valueOf(path), 64) + "' is not a stream path (segments of letters, "
          + "digits, '_', '-', '.' joined by '/', at most 255 characters)";
    }
    try {
      transcodeDefaults.forRoom(options);
      RoomRecordOptions.check(options);
      storages.checkConfigured(RoomRecordOptions.storage(options), "options.record.storage");
      Schedule.of(options, events.zone());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

}
