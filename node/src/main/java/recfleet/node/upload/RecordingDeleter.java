package recfleet.node.upload;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.ApiError;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;
import recfleet.node.notify.RecordingFacts;
import recfleet.node.store.JobStore;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.writer.HlsFolder;

/**
 * Deletes a recording on request: its file (an HLS recording's folder) and cover from the storage
 * target, what is left of it under works_path, then its row and jobs, and says so
 * ({@code RecordingDeleted}). A recording still being written, transcoded or uploaded is refused with
 * a 409 that says which. A sender's own file (webhook intake) is never deleted. Blocking.
 */
public final class RecordingDeleter {
  private static final Logger log = LoggerFactory.getLogger(RecordingDeleter.class);

  private final Storages storages;
  private final RecordingStore recordings;
  private final JobStore jobs;
  private final NodeEvents events;
  private final Path works;

  public RecordingDeleter(Storages storages, RecordingStore recordings, JobStore jobs, NodeEvents events, Path works) {
    this.storages = storages;
    this.recordings = recordings;
    this.jobs = jobs;
    this.events = events;
    this.works = works;
  }

  /** The deleted recording's facts, as its event carries them. */
  public Map<String, Object> delete(String recordingId) throws Exception {
    Recording r = recordings.get(recordingId)
        .orElseThrow(() -> new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such recording: " + recordingId));
    if (Recording.RECORDING.equals(r.state())) {
      throw new ApiError(ApiError.BUSY, 409, "recording " + recordingId + " is still being written; stop it first");
    }
    if (jobs.busy(recordingId)) {
      throw new ApiError(ApiError.BUSY, 409, "recording " + recordingId + " is being transcoded or uploaded ("
          + r.state() + "); delete it once it is stored");
    }
    if (Recording.STORED.equals(r.state())) {
      StorageTarget target = storages.of(r);
      if (r.coverPath() != null) target.delete(r.coverPath());
      target.deleteRecording(r.storedPath());
    }
    if (r.sourcePath() == null && r.rawPath() != null) HlsFolder.delete(works.resolve(r.rawPath()));
    if (r.outputPath() != null) HlsFolder.delete(works.resolve(r.outputPath()));
    if (!recordings.forget(recordingId)) {
      throw new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such recording: " + recordingId);
    }
    Map<String, Object> data = RecordingFacts.of(r);
    data.put("StoredPath", r.storedPath());
    data.put("State", r.state());
    log.info("[room {}] deleted recording {} ({}) on request", r.roomId(), recordingId, r.state());
    events.publishOnce(EventType.RecordingDeleted, recordingId, data);
    return data;
  }
}
