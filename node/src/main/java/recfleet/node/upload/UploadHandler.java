package recfleet.node.upload;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;
import recfleet.node.notify.RecordingFacts;
import recfleet.node.pipeline.Outcome;
import recfleet.node.pipeline.StageHandler;
import recfleet.node.pipeline.StopSignal;
import recfleet.node.store.Job;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.writer.HlsFolder;

/**
 * The upload stage's work for one recording: store the transcoded file (an HLS recording: its
 * folder, the playlist last) in the target, check its size. The local file is gone only once the
 * target holds it.
 */
public final class UploadHandler implements StageHandler {
  private static final Logger log = LoggerFactory.getLogger(UploadHandler.class);

  private final Path worksPath;
  private final Storages storages;
  private final RecordingStore recordings;
  private final NodeEvents events;
  private final CoverMaker covers;
  private final boolean deleteLocal;
  private final QuotaKeeper quota;

  public UploadHandler(Path worksPath, Storages storages, RecordingStore recordings, NodeEvents events,
                       CoverMaker covers, boolean deleteLocal, QuotaKeeper quota) {
    this.worksPath = worksPath;
    this.storages = storages;
    this.recordings = recordings;
    this.events = events;
    this.covers = covers;
    this.deleteLocal = deleteLocal;
    this.quota = quota;
  }

  @Override
  public Outcome handle(Job job, StopSignal stop) throws Exception {
    Optional<Recording> found = recordings.get(job.recordingId());
    if (found.isEmpty()) return Outcome.giveUp("recording " + job.recordingId() + " is not in the database");
    Recording rec = found.get();
    if (rec.outputPath() == null || rec.outputBytes() == null) {
      return Outcome.giveUp("recording has no transcoded output to upload");
    }
    Storages.Slot slot;
    try {
      slot = storages.slotOf(rec);
    } catch (FinalStorageException e) {
      return Outcome.giveUp(e.getMessage());
    }
    StorageTarget target = slot.target();
    // <room>/<base>.mp4, or where a path rule puts it: depends on the recording only
    String remote = RemotePaths.of(rec.outputPath(), rec.targetPath());
    Map<String, Object> data = RecordingFacts.of(rec);
    data.put("Target", target.name());
    data.put("RelativePath", remote);
    events.publish(EventType.UpStarted, data);
    Optional<Outcome> notReady = notReady(target);
    if (notReady.isPresent()) return notReady.get();
    Path local = worksPath.resolve(rec.outputPath());
    CoverResult cover;
    long stored;
    long started = System.nanoTime();
    var progress = new UploadProgressReporter(events, data, stop);
    try {
      cover = storeCover(rec, local, target, slot.place().coverDir());
      stored = HlsFolder.isPlaylist(remote) ? HlsUpload.store(target, local, remote, rec.outputBytes(), progress)
          : target.store(local, remote, rec.outputBytes(), progress);
    } catch (NoSuchFileException e) {
      return Outcome.giveUp("the transcoded file " + remote + " is missing and the target does not hold it");
    } catch (FinalStorageException e) {
      return Outcome.giveUp(e.getMessage());
    }
    if (stored != rec.outputBytes()) {
      return Outcome.retry("size check failed: target has " + stored + " bytes, expected " + rec.outputBytes());
    }
    progress.finished(stored);
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info("[room {}] stored {} ({} bytes, {} s) in {}", rec.roomId(), remote, stored,
        String.format("%.2f", seconds), target.name());
    return Outcome.done(
        tx -> RecordingStore.markStored(tx, rec.recordingId(), remote, stored, cover.path(), cover.bytes()),
        () -> {
          // Only now, with the upload confirmed and recorded, may the local copy go.
          if (deleteLocal) deleteQuietly(local, rec);
          quota.enforce();
        });
  }

  /**
   * The default storage down throws: the whole stage waits (TaskDoctor), as every job would fail. A
   * storage some rooms chose being down is a retry of their jobs; the default storage's go on.
   */
  private Optional<Outcome> notReady(StorageTarget target) throws recfleet.node.pipeline.StageUnhealthyException {
    try {
      target.checkReady();
      return Optional.empty();
    } catch (recfleet.node.pipeline.StageUnhealthyException e) {
      if (target == storages.primary()) throw e;
      return Optional.of(Outcome.retry(e.getMessage()));
    }
  }

  /** A stored cover: where it is in the target and its size, or nulls when there is none. */
  private record CoverResult(String path, Long bytes) {}

  /**
   * Makes and stores the cover before the recording itself, so that a crash after the recording
   * is stored (and the local file gone) still leaves its cover. A file no cover can be made from
   * is still stored, without one (the reason is logged); a cover the storage did not take fails
   * the job like the recording's own upload would, so it is retried and never silently missing.
   */
  private CoverResult storeCover(Recording rec, Path local, StorageTarget target, String coverDir) throws Exception {
    String coverRemote = coverDir + "/" + rec.roomId() + "/" + rec.baseName() + ".jpg";
    if (!java.nio.file.Files.exists(local)) {
      // an earlier run stored the file (and its cover first) and the node died before that was recorded
      Optional<Long> stored = target.storedSize(coverRemote);
      return stored.isPresent() ? new CoverResult(coverRemote, stored.get()) : new CoverResult(rec.coverPath(), null);
    }
    byte[] jpeg;
    try {
      jpeg = covers.cover(local);
    } catch (Exception e) {
      log.warn("[room {}] no cover for {}: {}", rec.roomId(), rec.outputPath(), e.getMessage());
      return new CoverResult(null, null);
    }
    target.storeBytes(jpeg, coverRemote);
    return new CoverResult(coverRemote, (long) jpeg.length);
  }

  private static void deleteQuietly(Path local, Recording rec) {
    try {
      HlsFolder.delete(local);
    } catch (java.io.IOException e) {
      log.warn("[room {}] could not delete the uploaded local copy {}: {}", rec.roomId(), rec.outputPath(), e.getMessage());
    }
  }

  @Override
  public void gaveUp(Job job, String reason) {
    recordings.markFailed(job.recordingId(), reason);
    Map<String, Object> data = recordings.get(job.recordingId()).map(RecordingFacts::of)
        .orElse(new java.util.LinkedHashMap<>(Map.of("RecordingId", job.recordingId())));
    data.put("Reason", reason);
    events.publishOnce(EventType.UpError, job.recordingId(), data);
  }
}
