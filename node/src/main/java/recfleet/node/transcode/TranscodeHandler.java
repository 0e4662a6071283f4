package recfleet.node.transcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import recfleet.node.writer.HlsFolder;
import recfleet.node.writer.RecordFormat;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.RoomStore;
import recfleet.node.upload.RemotePaths;
import recfleet.node.upload.StorageTarget;
import recfleet.node.upload.Storages;
import recfleet.node.webhook.Settling;

/**
 * The transcode stage's work for one recording: remux (COPY) or encode it to MP4 with the room's
 * settings, then check the result opens, has the input's streams, and lasts as long as the input
 * (within 1 s) before handing it to upload. The source FLV is deleted, if configured, only once
 * that check passed and the hand-off is stored. Run again after a crash, it finds what the earlier
 * run made instead of failing.
 */
public final class TranscodeHandler implements StageHandler {
  private static final Logger log = LoggerFactory.getLogger(TranscodeHandler.class);
  private static final long DURATION_TOLERANCE_MS = 1000;

  private final Path worksPath;
  private final Storages storages;
  private final Settling settling;
  private final RecordingStore recordings;
  private final RoomStore rooms;
  private final NodeEvents events;
  private final TranscodeSettings defaults;
  private final boolean deleteSource;
  private final boolean deleteExternalSource;
  private final int niceness;
  private final Remuxer remuxer = new Remuxer();
  private final Encoder encoder = new Encoder();

  public TranscodeHandler(Path worksPath, Storages storages, Settling settling, RecordingStore recordings,
                          RoomStore rooms, NodeEvents events, TranscodeSettings defaults, boolean deleteSource,
                          boolean deleteExternalSource, int niceness) {
    this.worksPath = worksPath;
    this.storages = storages;
    this.settling = settling;
    this.recordings = recordings;
    this.rooms = rooms;
    this.events = events;
    this.defaults = defaults;
    this.deleteSource = deleteSource;
    this.deleteExternalSource = deleteExternalSource;
    this.niceness = niceness;
  }

  @Override
  public Outcome handle(Job job, StopSignal stop) throws Exception {
    Optional<Recording> found = recordings.get(job.recordingId());
    if (found.isEmpty()) return Outcome.giveUp("recording " + job.recordingId() + " is not in the database");
    Recording rec = found.get();
    boolean external = rec.sourcePath() != null;
    Path raw = external ? Path.of(rec.sourcePath()) : worksPath.resolve(rec.rawPath());
    TranscodeSettings settings;
    try {
      settings = settingsFor(rec.roomId());
    } catch (IllegalArgumentException e) {
      return Outcome.giveUp("bad transcode options for room " + rec.roomId() + ": " + e.getMessage());
    }
    // An HLS folder in COPY is its own output: the upload takes it from where it was written.
    boolean kept = !external && settings.mode() == TranscodeMode.COPY && HlsFolder.isPlaylist(rec.rawPath());
    String outputRel = kept ? rec.rawPath() : rec.roomId() + "/" + rec.baseName() + ".mp4";
    Path output = worksPath.resolve(outputRel);
    if (!Files.exists(raw)) {
      return earlierOutput(rec, outputRel, output)
          .orElseGet(() -> Outcome.giveUp("the recorded file " + rec.rawPath() + " is missing"));
    }
    if (external) {
      Optional<Outcome> settling = stillSettling(rec, raw);
      if (settling.isPresent()) return settling.get();
    }
    events.publish(EventType.TranscodeStarted, facts(rec, Map.of("Mode", settings.mode().name(),
        "Encoder", settings.mode() == TranscodeMode.COPY ? "copy" : settings.encoder().name())));
    return transcode(rec, raw, outputRel, output, settings, stop);
  }

  /** Remuxes or encodes, checks the output against the input, then stores the result. */
  private Outcome transcode(Recording rec, Path raw, String outputRel, Path output, TranscodeSettings settings,
                            StopSignal stop) throws Exception {
    MediaInfo in;
    TranscodeResult result;
    var progress = new ProgressReporter(events, () -> facts(rec, Map.of()), stop);
    long started = System.nanoTime();
    try {
      in = MediaProbe.probe(raw);
      if (output.equals(raw)) {
        result = new TranscodeResult(in.durationMs(), false, null); // HLS: plays as written, nothing to make
      } else if (settings.mode() == TranscodeMode.COPY && RecordFormat.isFragmented(raw)) {
        result = FragmentedCopy.keep(raw, output, in); // already an MP4 that plays: no remux
      } else if (settings.mode() == TranscodeMode.COPY) {
        result = remuxer.remux(raw, output, progress);
      } else {
        ThreadNiceness.lower(niceness);
        result = encoder.encode(raw, output, settings, progress);
      }
    } catch (UnusableInputException e) {
      return Outcome.giveUp(e.getMessage());
    } catch (IOException e) {
      if (!Files.exists(raw)) return Outcome.giveUp("the recorded file " + rec.rawPath() + " disappeared");
      throw e;
    }

    MediaInfo out;
    try {
      out = output.equals(raw) ? in : MediaProbe.probe(output); // a kept HLS folder was just read as the input
    } catch (UnusableInputException e) {
      return Outcome.retry("output check failed: " + e.getMessage());
    }
    String problem = outputProblem(rec, in, out, result);
    if (problem != null) return Outcome.retry("output check failed: " + problem);
    progress.finished();
    return transcoded(rec, raw, outputRel, output, settings, result, out, started);
  }

  /** A sender's file that has not stopped changing: wait for it, or give up once it is overdue. */
  private Optional<Outcome> stillSettling(Recording rec, Path raw) throws IOException {
    Duration wait = settling.waitFor(raw);
    if (wait.isZero()) return Optional.empty();
    if (settling.overdue(rec.startedAt())) {
      return Optional.of(Outcome.giveUp("the sender's file " + rec.rawPath() + " was still changing "
          + settling.limit().toSeconds() + " s after it was announced"));
    }
    return Optional.of(Outcome.later("the sender's file is still being written", wait));
  }

  /** Why the MP4 is not a faithful copy of the input (no video, lost audio, wrong length), or null. */
  private static String outputProblem(Recording rec, MediaInfo in, MediaInfo out, TranscodeResult result) {
    long expectedMs = !result.truncated() && rec.durationMs() != null && rec.durationMs() > 0
        ? rec.durationMs() : result.mediaDurationMs();
    return !out.hasVideo() ? "the output has no video"
        : in.hasAudio() && !out.hasAudio() ? "the output lost the audio"
        : Math.abs(out.durationMs() - expectedMs) > DURATION_TOLERANCE_MS
            ? "the output lasts " + out.durationMs() + " ms against " + expectedMs + " ms" : null;
  }

  /** The checked MP4, handed on: its row written with the hand-off; the event and the source's deletion after. */
  private Outcome transcoded(Recording rec, Path raw, String outputRel, Path output, TranscodeSettings settings,
                             TranscodeResult result, MediaInfo out, long started) throws IOException {
    boolean external = rec.sourcePath() != null;
    long inBytes = HlsFolder.sizeOf(raw);
    long outBytes = HlsFolder.sizeOf(output);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (result.truncated()) {
      log.warn("[room {}] {} is damaged; transcoded what could be read: {}", rec.roomId(), rec.rawPath(), result.note());
    }
    log.info("[room {}] transcoded {} ({}, {} ms of media in {} s)", rec.roomId(), outputRel, settings.mode(),
        out.durationMs(), String.format("%.2f", seconds));
    Map<String, Object> ended = new LinkedHashMap<>();
    ended.put("Mode", settings.mode().name());
    ended.put("InputSize", inBytes);
    ended.put("OutputSize", outBytes);
    ended.put("OutputPath", outputRel);
    ended.put("Duration", out.durationMs() / 1000.0);
    ended.put("Ratio", inBytes == 0 ? 0 : Math.round(1000.0 * outBytes / inBytes) / 1000.0);
    ended.put("Seconds", Math.round(seconds * 100) / 100.0);
    ended.put("Truncated", result.truncated());
    if (result.note() != null) ended.put("Note", result.note());
    return Outcome.done(
        tx -> RecordingStore.markTranscoded(tx, rec.recordingId(), outputRel, outBytes, out.durationMs()),
        () -> {
          events.publishOnce(EventType.TranscodeEnded, rec.recordingId(), facts(rec, ended));
          if (!output.equals(raw) && (external ? deleteExternalSource : deleteSource)) deleteQuietly(raw, rec);
        });
  }

  /**
   * The source is gone: an earlier run of this job transcoded it, deleted it, and the node died before
   * that run's completion was stored (or it was stored and then lost). Its MP4 is then still here, or
   * already in the storage target: carry on from it rather than fail a recording whose output exists.
   */
  private Optional<Outcome> earlierOutput(Recording rec, String outputRel, Path output) throws Exception {
    long bytes;
    long durationMs;
    if (Files.exists(output)) {
      MediaInfo info;
      try {
        info = MediaProbe.probe(output);
      } catch (UnusableInputException e) {
        return Optional.empty();
      }
      if (!info.hasVideo() || info.durationMs() <= 0) return Optional.empty();
      bytes = HlsFolder.sizeOf(output);
      durationMs = info.durationMs();
    } else {
      Optional<StorageTarget> target = storages.find(rec);
      Optional<Long> stored = target.isEmpty() ? Optional.empty()
          : target.get().storedSize(RemotePaths.of(outputRel, rec.targetPath()));
      if (stored.isEmpty()) return Optional.empty();
      bytes = stored.get();
      durationMs = rec.durationMs() == null ? 0 : rec.durationMs();
    }
    log.info("[room {}] {} is gone, but an earlier run already made {} ({} bytes); carrying on from it",
        rec.roomId(), rec.rawPath(), outputRel, bytes);
    return Optional.of(Outcome.done(
        tx -> RecordingStore.markTranscoded(tx, rec.recordingId(), outputRel, bytes, durationMs), () -> { }));
  }

  private TranscodeSettings settingsFor(String roomId) {
    return rooms.get(roomId).map(r -> defaults.forRoom(r.options())).orElse(defaults);
  }

  private static void deleteQuietly(Path raw, Recording rec) {
    try {
      if (rec.sourcePath() != null) {
        Files.deleteIfExists(raw); // a sender's file: its folder is not ours
      } else {
        HlsFolder.delete(raw);
      }
    } catch (IOException e) {
      log.warn("[room {}] could not delete the source {}: {}", rec.roomId(), rec.rawPath(), e.getMessage());
    }
  }

  @Override
  public void gaveUp(Job job, String reason) {
    recordings.markFailed(job.recordingId(), reason);
    Map<String, Object> data = recordings.get(job.recordingId())
        .map(r -> facts(r, Map.of("Reason", reason)))
        .orElse(new LinkedHashMap<>(Map.of("RecordingId", job.recordingId(), "Reason", reason)));
    events.publishOnce(EventType.TranscodeError, job.recordingId(), data);
  }

  private static Map<String, Object> facts(Recording rec, Map<String, Object> extra) {
    Map<String, Object> data = RecordingFacts.of(rec);
    data.putAll(extra);
    return data;
  }
}
