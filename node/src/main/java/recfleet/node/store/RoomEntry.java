package recfleet.node.store;

import java.time.OffsetDateTime;
import java.util.Map;

/** A room the node records. {@code options} are per-room overrides (JSON object). */
public record RoomEntry(String roomId, String sourceUrl, String kind, Map<String, Object> options,
                        OffsetDateTime createdAt) {}
