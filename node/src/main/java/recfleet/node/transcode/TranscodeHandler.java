package recfleet.node.transcode;

import java.nio.file.Files;
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
import recfleet.node.store.Job;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.Stage;

/**
 * The transcode stage's work for one recording: remux the FLV to MP4 (COPY mode), then check the
 * result opens, has video, and lasts as long as the segment did, before handing it to upload.
 */
public final class TranscodeHandler implements StageHandler {
  private static final Logger log = LoggerFactory.getLogger(TranscodeHandler.class);
  private static final long DURATION_TOLERANCE_MS = 1000;

  private final Path worksPath;
  private final RecordingStore recordings;
  private final NodeEvents events;
  private final Remuxer remuxer = new Remuxer();

  public TranscodeHandler(Path worksPath, RecordingStore recordings, NodeEvents events) {
    this.worksPath = worksPath;
    this.recordings = recordings;
    this.events = events;
  }

  @Override
  public Outcome handle(Job job) throws Exception {
    Optional<Recording> found = recordings.get(job.recordingId());
    if (found.isEmpty()) return Outcome.giveUp("recording " + job.recordingId() + " is not in the database");
    Recording rec = found.get();
    Path raw = worksPath.resolve(rec.rawPath());
    String outputRel = rec.roomId() + "/" + rec.baseName() + ".mp4";
    Path output = worksPath.resolve(outputRel);
    if (!Files.exists(raw)) {
      return Outcome.giveUp("the recorded file " + rec.rawPath() + " is missing");
    }
    events.publish(EventType.TranscodeStarted, facts(rec, Map.of("Mode", "COPY")));
    MediaInfo in = MediaProbe.probe(raw);
    if (!in.hasVideo()) return Outcome.giveUp("the recording has no video stream");
    long started = System.nanoTime();
    long remuxedMs = remuxer.remux(raw, output);
    MediaInfo out = MediaProbe.probe(output);
    // A segment recovered after a crash has no recorded duration; the packets then tell it.
    long expectedMs = rec.durationMs() != null && rec.durationMs() > 0 ? rec.durationMs() : remuxedMs;
    if (!out.hasVideo() || Math.abs(out.durationMs() - expectedMs) > DURATION_TOLERANCE_MS) {
      return Outcome.retry("output check failed: video=" + out.hasVideo() + ", duration " + out.durationMs()
          + " ms against " + expectedMs + " ms");
    }
    long inBytes = Files.size(raw);
    long outBytes = Files.size(output);
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info("[room {}] transcoded {} ({} ms of media in {} s)", rec.roomId(), outputRel, out.durationMs(),
        String.format("%.2f", seconds));
    Map<String, Object> ended = facts(rec, Map.of(
        "Mode", "COPY",
        "InputSize", inBytes,
        "OutputSize", outBytes,
        "OutputPath", outputRel,
        "Duration", out.durationMs() / 1000.0,
        "Ratio", inBytes == 0 ? 0 : (double) outBytes / inBytes));
    return Outcome.done(Stage.UPLOAD,
        tx -> RecordingStore.markTranscoded(tx, rec.recordingId(), outputRel, outBytes, out.durationMs()),
        () -> events.publishOnce(EventType.TranscodeEnded, rec.recordingId(), ended));
  }

  @Override
  public void gaveUp(Job job, String reason) {
    recordings.markFailed(job.recordingId(), reason);
    Map<String, Object> data = recordings.get(job.recordingId())
        .map(r -> facts(r, Map.of("Reason", reason)))
        .orElse(Map.of("RecordingId", job.recordingId(), "Reason", reason));
    events.publishOnce(EventType.TranscodeError, job.recordingId(), data);
  }

  private static Map<String, Object> facts(Recording rec, Map<String, Object> extra) {
    Map<String, Object> data = RecordingFacts.of(rec);
    data.putAll(extra);
    return data;
  }
}
