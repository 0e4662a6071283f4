package recfleet.node.notify;

import java.util.Map;
import java.util.Optional;
import recfleet.common.event.EventType;
import recfleet.node.pipeline.Outcome;
import recfleet.node.pipeline.StageHandler;
import recfleet.node.pipeline.StopSignal;
import recfleet.node.store.Job;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;

/**
 * The last stage: announces a stored recording with {@code UpEnded}. The event id is derived from
 * the recording, so if a crash makes this run twice, receivers see the same id twice and dedupe.
 */
public final class NotifyHandler implements StageHandler {
  private final RecordingStore recordings;
  private final NodeEvents events;

  public NotifyHandler(RecordingStore recordings, NodeEvents events) {
    this.recordings = recordings;
    this.events = events;
  }

  @Override
  public Outcome handle(Job job, StopSignal stop) {
    Optional<Recording> found = recordings.get(job.recordingId());
    if (found.isEmpty()) return Outcome.giveUp("recording " + job.recordingId() + " is not in the database");
    Recording rec = found.get();
    Map<String, Object> data = RecordingFacts.of(rec);
    data.put("RelativePath", rec.storedPath());
    data.put("FileSize", rec.storedBytes());
    data.put("CoverPath", rec.coverPath());
    data.put("Duration", rec.durationMs() == null ? null : rec.durationMs() / 1000.0);
    events.publishOnce(EventType.UpEnded, rec.recordingId(), data);
    return Outcome.done(tx -> { }, () -> { });
  }

  @Override
  public void gaveUp(Job job, String reason) {
    // a stored recording is never marked failed (RecordingStore), but the give-up is said, like the other stages'
    recordings.markFailed(job.recordingId(), reason);
    events.publishOnce(EventType.NotifyError, job.recordingId(), new java.util.LinkedHashMap<>(
        Map.of("RecordingId", job.recordingId(), "Reason", reason)));
  }
}
