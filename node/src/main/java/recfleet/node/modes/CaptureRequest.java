package recfleet.node.modes;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import recfleet.common.ApiError;
import recfleet.common.RoomId;

/**
 * A precise start, as {@code POST /api/recordings/start} takes it (Motion Media's StartRecording):
 * {@code roomId}; {@code recordingId}, the caller's own (1-36 letters, digits, '_' or '-'; a new
 * UUID if absent); {@code startTime}, ISO-8601 with an offset or epoch milliseconds (now if absent);
 * {@code duration}, seconds or ISO-8601 ("PT30S"; until stopped if absent). Parsing says what is
 * wrong with a bad field, by name.
 */
public record CaptureRequest(String roomId, String captureId, long startMs, long endMs) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,35}");
  private static final Set<String> FIELDS = Set.of("roomId", "recordingId", "startTime", "duration");
  private static final Duration LONGEST = Duration.ofDays(1);
  /** A start this far ahead of the node's clock is a clock apart, not a future start: it is taken as now. */
  private static final long CLOCK_SLACK_MS = 2000;

  public static CaptureRequest parse(JsonObject body, long nowMs) {
    for (String key : body.fieldNames()) {
      if (!FIELDS.contains(key)) throw bad(key + " is not a field (roomId, recordingId, startTime, duration)");
    }
    String roomId = body.getValue("roomId") instanceof String s ? s : null;
    if (roomId == null || !RoomId.isValid(roomId)) {
      throw new ApiError(ApiError.BAD_ROOM, 400, "roomId must be 1-64 letters, digits, '_' or '-'");
    }
    Object rawId = body.getValue("recordingId");
    String id = rawId == null ? UUID.randomUUID().toString() : String.valueOf(rawId);
    if (!ID.matcher(id).matches()) throw bad("recordingId must be 1-36 letters, digits, '_' or '-'");
    long start = body.getValue("startTime") == null ? nowMs : time(body.getValue("startTime"));
    if (start > nowMs + CLOCK_SLACK_MS) throw bad("startTime " + Instant.ofEpochMilli(start) + " is in the future");
    start = Math.min(start, nowMs);
    long end = CaptureWindow.OPEN_ENDED;
    if (body.getValue("duration") != null) end = start + duration(body.getValue("duration")).toMillis();
    return new CaptureRequest(roomId, id, start, end);
  }

  private static long time(Object value) {
    if (value instanceof Number n) return n.longValue();
    try {
      return OffsetDateTime.parse(String.valueOf(value).strip()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw bad("startTime '" + value + "' is not an ISO-8601 time with an offset (2026-12-02T10:00:00.000+08:00) "
          + "or epoch milliseconds");
    }
  }

  private static Duration duration(Object value) {
    Duration d;
    try {
      d = value instanceof Number n ? Duration.ofMillis(Math.round(n.doubleValue() * 1000))
          : Duration.parse(String.valueOf(value).strip());
    } catch (DateTimeParseException e) {
      throw bad("duration '" + value + "' is not seconds or an ISO-8601 duration (PT30S)");
    }
    if (d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) throw bad("duration must be more than 0 and at most a day");
    return d;
  }

  private static ApiError bad(String why) {
    return new ApiError(ApiError.BAD_OPTIONS, 400, why);
  }
}
