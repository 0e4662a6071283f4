package recfleet.node.transcode;

import java.util.Map;
import java.util.function.Supplier;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;
import recfleet.node.pipeline.StopSignal;

/**
 * Turns a transcode's progress into {@code IsTranscode} events: at most one a second, with the
 * percentage, the speed as a multiple of real time, and an estimate of the time left; and a last
 * one at 100 % when it is done. Called for each packet or frame, it is also where a transcode
 * learns that the node is stopping.
 */
final class ProgressReporter implements TranscodeProgress {
  private static final long EVERY_MS = 1000;

  private final NodeEvents events;
  private final Supplier<Map<String, Object>> facts;
  private final StopSignal stop;
  private final long startedMs = System.currentTimeMillis();
  private long lastSentMs = startedMs;
  private long doneMs;

  ProgressReporter(NodeEvents events, Supplier<Map<String, Object>> facts, StopSignal stop) {
    this.events = events;
    this.facts = facts;
    this.stop = stop;
  }

  @Override
  public void at(long mediaDoneMs, long mediaTotalMs) {
    stop.check();
    doneMs = mediaDoneMs;
    long now = System.currentTimeMillis();
    if (now - lastSentMs < EVERY_MS || mediaTotalMs <= 0) return;
    lastSentMs = now;
    send(Math.min(99.9, 100.0 * mediaDoneMs / mediaTotalMs), mediaDoneMs, mediaTotalMs, now);
  }

  void finished() {
    send(100.0, doneMs, doneMs, System.currentTimeMillis());
  }

  private void send(double percent, long mediaDoneMs, long mediaTotalMs, long now) {
    double wallSeconds = Math.max(0.001, (now - startedMs) / 1000.0);
    double speed = mediaDoneMs / 1000.0 / wallSeconds;
    double eta = speed > 0 ? Math.max(0, (mediaTotalMs - mediaDoneMs) / 1000.0 / speed) : -1;
    Map<String, Object> data = facts.get();
    data.put("Progress", Math.round(percent * 10) / 10.0);
    data.put("Speed", Math.round(speed * 100) / 100.0);
    data.put("EtaSeconds", Math.round(eta * 10) / 10.0);
    events.publish(EventType.IsTranscode, data);
  }
}
