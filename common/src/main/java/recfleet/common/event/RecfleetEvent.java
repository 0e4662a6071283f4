package recfleet.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope used on WebSocket, webhooks and the master link, shaped like
 * BililiveRecorder's webhook v2. {@code EventData} never carries a credential or an absolute
 * local path.
 */
public record RecfleetEvent(
    @JsonProperty("EventType") EventType eventType,
    @JsonProperty("EventTimestamp") String eventTimestamp,
    @JsonProperty("EventId") UUID eventId,
    @JsonProperty("NodeId") String nodeId,
    @JsonProperty("EventData") Map<String, Object> eventData) {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  public RecfleetEvent {
    Objects.requireNonNull(eventType, "EventType");
    Objects.requireNonNull(eventTimestamp, "EventTimestamp");
    Objects.requireNonNull(eventId, "EventId");
    Objects.requireNonNull(nodeId, "NodeId");
    eventData = Collections.unmodifiableMap(new LinkedHashMap<>(eventData));
  }

  /** A new event with a random id, stamped in the system's time zone. */
  public static RecfleetEvent of(EventType type, String nodeId, Map<String, Object> data) {
    return of(type, nodeId, data, ZoneId.systemDefault());
  }

  /** A new event with a random id, stamped in {@code zone} (with its offset). */
  public static RecfleetEvent of(EventType type, String nodeId, Map<String, Object> data, ZoneId zone) {
    return new RecfleetEvent(type, now(zone), UUID.randomUUID(), nodeId, data);
  }

  /**
   * An event whose id is derived from what it is about, so that re-sending it after a crash
   * gives receivers the same id to dedupe on.
   */
  public static RecfleetEvent once(EventType type, String nodeId, String subject, Map<String, Object> data,
                                   ZoneId zone) {
    UUID id = UUID.nameUUIDFromBytes((type.name() + "/" + subject).getBytes(StandardCharsets.UTF_8));
    return new RecfleetEvent(type, now(zone), id, nodeId, data);
  }

  /**
   * An event passed on from another recorder under the sender's own id (a name-based UUID if the
   * id is not one), so that its retries carry the same id to our subscribers too.
   */
  public static RecfleetEvent forwarded(EventType type, String nodeId, String senderEventId, Map<String, Object> data,
                                        ZoneId zone) {
    UUID id;
    try {
      id = UUID.fromString(senderEventId);
    } catch (IllegalArgumentException e) {
      id = UUID.nameUUIDFromBytes(senderEventId.getBytes(StandardCharsets.UTF_8));
    }
    return new RecfleetEvent(type, now(zone), id, nodeId, data);
  }

  public Object data(String key) {
    return eventData.get(key);
  }

  private static String now(ZoneId zone) {
    return OffsetDateTime.now(zone).format(TIMESTAMP);
  }
}
