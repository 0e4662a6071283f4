package recfleet.node.modes;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Monibuca's event/start body: {@code streamPath}, {@code eventId}, {@code eventName},
 * {@code eventDesc}, {@code eventLevel} ("0" important, "1" ordinary), {@code beforeDuration} and
 * {@code afterDuration} (Go durations: "30s"; 30 s each when absent, the pre-roll bounded by the
 * ring). {@code recordMode} and {@code fragment} are taken and not used. The event's id is its
 * eventId when that is a usable id (1-36 letters, digits, '_' or '-'), else a new one.
 */
public record EventRequest(String streamPath, String captureId, String name, String description, String level,
                           Duration before, Duration after) {
  static final Duration DEFAULT_BEFORE = Duration.ofSeconds(30);
  static final Duration DEFAULT_AFTER = Duration.ofSeconds(30);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,35}");
  private static final Duration LONGEST = Duration.ofHours(24);

  public static EventRequest parse(JsonObject body) {
    String path = text(body, "streamPath");
    if (path == null || !StreamPaths.isValid(path)) throw new IllegalArgumentException("streamPath is missing or not a stream path");
    String eventId = text(body, "eventId");
    String id = eventId != null && ID.matcher(eventId).matches() ? eventId : UUID.randomUUID().toString();
    Duration before = body.getValue("beforeDuration") == null || "".equals(body.getValue("beforeDuration"))
        ? DEFAULT_BEFORE : GoDuration.parse(body.getValue("beforeDuration"), "beforeDuration");
    Duration after = body.getValue("afterDuration") == null || "".equals(body.getValue("afterDuration"))
        ? DEFAULT_AFTER : GoDuration.parse(body.getValue("afterDuration"), "afterDuration");
    if (before.compareTo(LONGEST) > 0 || after.compareTo(LONGEST) > 0 || after.isZero()) {
      throw new IllegalArgumentException("afterDuration must be more than 0, and both at most a day");
    }
    return new EventRequest(path, id, clip(text(body, "eventName"), 128), clip(text(body, "eventDesc"), 1024),
        clip(text(body, "eventLevel"), 32), before, after);
  }

  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    return v == null ? null : String.valueOf(v);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
