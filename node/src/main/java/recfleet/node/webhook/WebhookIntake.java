package recfleet.node.webhook;

import recfleet.common.Printable;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.RoomId;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.Stage;
import recfleet.node.store.WebhookEvents;

/**
 * Takes in what BililiveRecorder, SRS and ZLMediaKit send. A finished file is checked (inside the
 * sender's folders, complete) and stored as a recording with its transcode job before the sender
 * hears "ok", so a crash right after the answer loses nothing; the work itself happens later in
 * the pipeline. Live events are forwarded to subscribers. Blocking (file system, database).
 */
public final class WebhookIntake {
  private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
  static final String BILILIVE = "bililive";
  static final String SRS = "srs";
  static final String ZLM = "zlm";
  private static final Set<String> BILILIVE_TYPES =
      Set.of("SessionStarted", "FileOpening", "FileClosed", "SessionEnded", "StreamStarted", "StreamEnded");

  private final WebhookOptions options;
  private final RecordingStore recordings;
  private final WebhookEvents seen;
  private final NodeEvents events;
  private final EventBus bus;
  private final SenderFiles files;

  public WebhookIntake(WebhookOptions options, RecordingStore recordings, WebhookEvents seen, NodeEvents events,
                       EventBus bus) {
    this.options = options;
    this.recordings = recordings;
    this.seen = seen;
    this.events = events;
    this.bus = bus;
    this.files = new SenderFiles();
  }

  /**
   * BililiveRecorder's webhook v2. Returns true when the event was new. An event type this node does
   * not know is accepted and ignored: BililiveRecorder documents that it adds types, and a refusal
   * would make it retry three times and log an error for each.
   */
  public boolean bililive(JsonObject body) {
    String type = Fields.text(body, "EventType");
    if (!BILILIVE_TYPES.contains(type)) {
      log.debug("BililiveRecorder event type '{}' is not used here; ignored", Printable.clip(type, 40));
      return false;
    }
    String eventId = Fields.text(body, "EventId");
    if (eventId.length() > 100) throw WebhookError.badField("EventId", "is longer than 100 characters");
    JsonObject data = Fields.object(body, "EventData");
    String roomId = String.valueOf(Fields.number(data, "RoomId"));
    if (!RoomId.isValid(roomId)) throw WebhookError.badField("EventData.RoomId", "is not a usable room id");
    Map<String, Object> forwarded = new LinkedHashMap<>(data.getMap());
    forwarded.put("RoomId", roomId);
    forwarded.put("Sender", "BililiveRecorder");

    if (!type.equals("FileClosed")) {
      if (!seen.firstSeen(BILILIVE + ":" + eventId, BILILIVE)) return false;
      events.publishForwarded(EventType.valueOf(type), eventId, forwarded);
      return true;
    }
    String relative = Fields.text(data, "RelativePath");
    Path base = options.bililiveWorksPath();
    var file = files.accept("EventData.RelativePath", relative, base, base == null ? List.of() : List.of(base));
    String shown = base.relativize(file.realPath()).toString();
    String recordingId = recordingIdFor(BILILIVE, file.realPath());
    boolean fresh = recordings.ingestExternal(BILILIVE + ":" + eventId, recordingId, roomId, BILILIVE, shown,
        file.realPath().toString(), file.bytes());
    if (fresh) {
      forwarded.put("RecordingId", recordingId);
      forwarded.put("RelativePath", shown);
      events.publishForwarded(EventType.FileClosed, eventId, forwarded);
      nudge(roomId, shown, recordingId);
    }
    return fresh;
  }

  /** SRS's on_dvr: a DVR file is complete. */
  public boolean srsDvr(JsonObject body) {
    String roomId = streamRoom(body, "stream");
    String file = Fields.text(body, "file");
    String cwd = Fields.optionalText(body, "cwd");
    Path base = cwd == null || cwd.isBlank() ? null : Path.of(cwd);
    if (base == null && !SenderFiles.isAbsolute("file", file)) base = SenderFiles.baseHolding(file, options.srsRoots());
    var accepted = files.accept("file", file, base, options.srsRoots());
    return ingest(SRS, roomId, accepted, Map.of("App", String.valueOf(body.getValue("app")),
        "Vhost", String.valueOf(body.getValue("vhost"))));
  }

  /** SRS's on_publish / on_unpublish: a stream starts or stops. */
  public void srsPublish(JsonObject body, boolean started) {
    // nginx-rtmp names the stream "name" and says which call it is; SRS says "stream"
    boolean nginx = body.getValue("call") != null;
    String roomId = streamRoom(body, nginx && body.getValue("stream") == null ? "name" : "stream");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("RoomId", roomId);
    data.put("Sender", nginx ? "nginx-rtmp" : "SRS");
    data.put("App", body.getValue("app"));
    data.put("Vhost", body.getValue("vhost"));
    events.publish(started ? EventType.SessionStarted : EventType.SessionEnded, data);
  }

  /** ZLMediaKit's on_record_mp4: an MP4 is complete. */
  public boolean zlmRecord(JsonObject body) {
    String roomId = streamRoom(body, "stream");
    String path = Fields.text(body, "file_path");
    if (!SenderFiles.isAbsolute("file_path", path)) throw WebhookError.badField("file_path", "must be an absolute path");
    var accepted = files.accept("file_path", path, null, options.zlmRoots());
    return ingest(ZLM, roomId, accepted, Map.of("App", String.valueOf(body.getValue("app")),
        "Vhost", String.valueOf(body.getValue("vhost"))));
  }

  private boolean ingest(String sender, String roomId, SenderFiles.Accepted file, Map<String, Object> extra) {
    String shown = roomId + "/" + file.realPath().getFileName();
    String recordingId = recordingIdFor(sender, file.realPath());
    boolean fresh = recordings.ingestExternal(null, recordingId, roomId, sender, shown, file.realPath().toString(),
        file.bytes());
    if (fresh) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("RoomId", roomId);
      data.put("RecordingId", recordingId);
      data.put("RelativePath", shown);
      data.put("FileSize", file.bytes());
      data.put("Sender", sender.equals(SRS) ? "SRS" : "ZLMediaKit");
      data.putAll(extra);
      events.publishOnce(EventType.FileClosed, recordingId, data);
      nudge(roomId, shown, recordingId);
    }
    return fresh;
  }

  private void nudge(String roomId, String shown, String recordingId) {
    log.info("[room {}] took in {} as recording {}", roomId, shown, recordingId);
    bus.send(Stage.FIRST.address(), recordingId);
  }

  /** A sender's stream name as a room id: safe characters only, or the call is refused. */
  private static String streamRoom(JsonObject body, String field) {
    String stream = Fields.text(body, field);
    String roomId = stream.replaceAll("[^A-Za-z0-9_-]", "_");
    if (!RoomId.isValid(roomId)) throw WebhookError.badField(field, "cannot be used as a room id");
    return roomId;
  }

  private static String recordingIdFor(String sender, Path realPath) {
    return UUID.nameUUIDFromBytes((sender + ":" + realPath).getBytes(StandardCharsets.UTF_8)).toString();
  }

}
