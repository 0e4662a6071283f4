package recfleet.node.modes;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.ApiError;
import recfleet.node.record.RoomService;
import recfleet.node.store.RoomStore;

/**
 * Path rules at work: an RTMP server's on_publish hook (SRS's JSON, nginx-rtmp's form) for a stream
 * path a [RULES] entry matches makes a room that records it from that server, with the rule's
 * settings; on_unpublish removes it, so its open file closes and is stored. Rooms a rule did not make
 * are never touched. The hook is answered at once: a room that cannot be made is logged, and the
 * publish goes on (a refusal here would stop the streamer, not the recording).
 */
public final class PublishHooks {
  private static final Logger log = LoggerFactory.getLogger(PublishHooks.class);
  private static final Pattern NOT_IN_ID = Pattern.compile("[^A-Za-z0-9_-]");

  private final PathRules rules;
  private final RoomService rooms;
  private final RoomStore store;

  public PublishHooks(PathRules rules, RoomService rooms, RoomStore store) {
    this.rooms = rooms;
    this.rules = rules;
    this.store = store;
  }

  /** A publish: {@code sender} is the server's address (the hook's caller), where the room reads the stream. */
  public void published(JsonObject hook, String sender) {
    String path = streamPath(hook);
    if (path == null) return;
    var matched = rules.match(path);
    if (matched.isEmpty()) return;
    PathRule rule = matched.get().rule();
    String roomId = roomIdFor(path);
    String source = "rtmp://" + (sender.contains(":") ? "[" + sender + "]" : sender) + ":" + port(hook) + "/" + path;
    Map<String, Object> record = new LinkedHashMap<>();
    if (rule.onDemand()) record.put("mode", "on_demand");
    if (rule.fragmentSeconds() != null) record.put("segment_seconds", rule.fragmentSeconds());
    if (rule.format() != null) record.put("format", rule.format());
    if (rule.storage() != null) record.put("storage", rule.storage());
    if (rule.pathTemplate() != null) record.put("path_template", PathTemplate.withGroups(rule.pathTemplate(), matched.get().groups()));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("path", path);
    options.put("rule", rule.name());
    options.put("record", record);
    log.info("[room {}] {} published; rule {} records it", roomId, path, rule.name());
    rooms.add(roomId, source, options).onFailure(e -> {
      if (e instanceof ApiError a && a.code() == ApiError.ADDED_TWICE) return; // published again: the room reconnects
      log.warn("[room {}] rule {} could not record {}: {}", roomId, rule.name(), path, e.getMessage());
    });
  }

  /** An unpublish: the rule's room for that stream is removed; its file closes and is stored. */
  public void unpublished(JsonObject hook) {
    String path = streamPath(hook);
    if (path == null) return;
    StreamPaths.resolve(store, path).filter(r -> r.options() != null && r.options().get("rule") != null)
        .ifPresent(r -> {
          log.info("[room {}] {} unpublished; its recording ends", r.roomId(), path);
          rooms.remove(r.roomId()).onFailure(e -> log.warn("[room {}] could not end it: {}", r.roomId(), e.getMessage()));
        });
  }

  /** app/stream from SRS's fields ({@code stream}) or nginx-rtmp's ({@code name}); null if it is not a stream path. */
  static String streamPath(JsonObject hook) {
    Object app = hook.getValue("app");
    Object stream = hook.getValue("stream") != null ? hook.getValue("stream") : hook.getValue("name");
    if (app == null || stream == null) return null;
    String path = app + "/" + stream;
    return StreamPaths.isValid(path) ? path : null;
  }

  /** The RTMP port the publisher used (tcUrl / tcurl), 1935 when it said none. */
  private static int port(JsonObject hook) {
    Object tc = hook.getValue("tcUrl") != null ? hook.getValue("tcUrl") : hook.getValue("tcurl");
    try {
      int p = tc == null ? -1 : URI.create(String.valueOf(tc).split("\\?")[0]).getPort();
      return p > 0 ? p : 1935;
    } catch (IllegalArgumentException e) {
      return 1935;
    }
  }

  /** live/cam1 -> live_cam1; another room of that id with another path gets a suffix of its own. */
  private String roomIdFor(String path) {
    String base = NOT_IN_ID.matcher(path).replaceAll("_");
    if (base.length() > 56) base = base.substring(0, 56);
    if (!Character.isLetterOrDigit(base.charAt(0))) base = "s" + base.substring(1);
    var existing = store.get(base);
    if (existing.isEmpty() || path.equals(StreamPaths.of(existing.get()))) return base;
    return base + "-" + Integer.toHexString(path.hashCode() & 0xfffffff);
  }
}
