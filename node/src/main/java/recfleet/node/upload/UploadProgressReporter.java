package recfleet.node.upload;

import java.util.LinkedHashMap;
import java.util.Map;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;
import recfleet.node.pipeline.StopSignal;

/**
 * {@code IsUp} events: at most one a second with bytes sent, percentage and rate; a last one at
 * 100 %. Called for each chunk sent, it is also where an upload learns that the node is stopping.
 */
final class UploadProgressReporter implements UploadProgress {
  private static final long EVERY_MS = 1000;
  private final NodeEvents events;
  private final Map<String, Object> facts;
  private final StopSignal stop;
  private final long startedMs = System.currentTimeMillis();
  private long lastSentMs = startedMs;

  UploadProgressReporter(NodeEvents events, Map<String, Object> facts, StopSignal stop) {
    this.events = events;
    this.facts = facts;
    this.stop = stop;
  }

  @Override
  public void sent(long bytes, long total) {
    stop.check();
    long now = System.currentTimeMillis();
    if (now - lastSentMs < EVERY_MS || total <= 0) return;
    lastSentMs = now;
    send(bytes, total, Math.min(99.9, 100.0 * bytes / total), now);
  }

  void finished(long total) {
    send(total, total, 100.0, System.currentTimeMillis());
  }

  private void send(long bytes, long total, double percent, long now) {
    Map<String, Object> data = new LinkedHashMap<>(facts);
    data.put("Bytes", bytes);
    data.put("TotalBytes", total);
    data.put("Progress", Math.round(percent * 10) / 10.0);
    data.put("BytesPerSecond", Math.round(bytes / Math.max(0.001, (now - startedMs) / 1000.0)));
    events.publish(EventType.IsUp, data);
  }
}
