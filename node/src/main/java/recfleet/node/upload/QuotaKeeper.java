package recfleet.node.upload;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;

/**
 * Keeps each storage under its quota and maximum age: evicts the oldest recordings stored there, with
 * their covers, until the total (recordings plus covers, from the catalogue) is at or below its
 * {@code maxBytes}, and any older than its {@code maxAge} (0 / zero: no limit). Only STORED
 * recordings are candidates, so a file still uploading is never evicted. Each eviction is an event
 * and a log line. Blocking.
 */
public final class QuotaKeeper {
  private static final Logger log = LoggerFactory.getLogger(QuotaKeeper.class);

  private final Storages storages;
  private final RecordingStore recordings;
  private final NodeEvents events;
  private final Clock clock;

  public QuotaKeeper(Storages storages, RecordingStore recordings, NodeEvents events, Clock clock) {
    this.storages = storages;
    this.recordings = recordings;
    this.events = events;
    this.clock = clock;
  }

  public synchronized void enforce() {
    for (Storages.Slot slot : storages.all()) enforce(slot);
  }

  private void enforce(Storages.Slot slot) {
    StorageTarget target = slot.target();
    long maxBytes = slot.place().maxBytes();
    Duration maxAge = slot.place().maxAge();
    if (maxBytes <= 0 && maxAge.isZero()) return;
    OffsetDateTime tooOld = maxAge.isZero() ? null : OffsetDateTime.now(clock).minus(maxAge);
    boolean isDefault = slot.place().name().equals(storages.defaultName());
    long total = recordings.storedBytes(slot.place().name(), isDefault);
    for (Recording r : recordings.storedOldestFirst(slot.place().name(), isDefault)) {
      boolean old = tooOld != null && r.startedAt().isBefore(tooOld);
      boolean over = maxBytes > 0 && total > maxBytes;
      if (!old && !over) continue;
      String reason = old ? "older than " + maxAge.toDays() + " days" : "storage quota of " + maxBytes + " bytes";
      try {
        if (r.coverPath() != null) target.delete(r.coverPath());
        target.deleteRecording(r.storedPath());
      } catch (Exception e) {
        log.warn("[room {}] could not evict {}: {}", r.roomId(), r.storedPath(), e.getMessage());
        continue;
      }
      recordings.markEvicted(r.recordingId(), "evicted: " + reason);
      long freed = (r.storedBytes() == null ? 0 : r.storedBytes()) + (r.coverBytes() == null ? 0 : r.coverBytes());
      total -= freed;
      log.info("[room {}] evicted {} and its cover ({} bytes): {}", r.roomId(), r.storedPath(), freed, reason);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("RoomId", r.roomId());
      data.put("RecordingId", r.recordingId());
      data.put("RelativePath", r.storedPath());
      data.put("CoverPath", r.coverPath());
      data.put("FileSize", freed);
      data.put("Reason", reason);
      data.put("StoredBytesAfter", total);
      events.publishOnce(EventType.RecordingEvicted, r.recordingId(), data);
    }
  }
}
