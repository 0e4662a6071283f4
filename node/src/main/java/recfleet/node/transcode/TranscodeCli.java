package recfleet.node.transcode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.json.Jsons;

/**
 * Transcodes one file with the node's own code, to try settings or to benchmark:
 * {@code java -cp 'node/target/lib/*:node/target/recfleet-node.jar' recfleet.node.transcode.TranscodeCli
 * IN OUT [key=value ...]} with the [TRANSCODE] keys (model, encoder, crf, cq, bitrate, bufsize,
 * preset, threads). Logs one JSON line with the result and the time the transcode itself took.
 */
public final class TranscodeCli {
  private static final Logger log = LoggerFactory.getLogger(TranscodeCli.class);

  private TranscodeCli() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      log.error("usage: IN OUT [model=CRF crf=23 preset=veryfast threads=2 ...]");
      System.exit(2);
    }
    Map<String, Object> overrides = new LinkedHashMap<>();
    int repeat = 1;
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        log.error("expected key=value, got '{}'", args[i]);
        System.exit(2);
      }
      if (args[i].startsWith("repeat=")) {
        repeat = Integer.parseInt(args[i].substring(eq + 1));
      } else {
        overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
      }
    }
    TranscodeSettings settings = new TranscodeSettings(TranscodeMode.COPY, VideoEncoder.X264, 23, 23, 2000, 4000,
        "veryfast", 2).withOverrides(overrides);
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    // repeat=N runs it N times in this JVM and keeps the best: a node runs warm, not from a cold start.
    long elapsedMs = Long.MAX_VALUE;
    TranscodeResult result = null;
    for (int i = 0; i < repeat; i++) {
      long started = System.nanoTime();
      result = settings.mode() == TranscodeMode.COPY
          ? new Remuxer().remux(Path.of(args[0]), Path.of(args[1]), TranscodeProgress.NONE)
          : new Encoder().encode(Path.of(args[0]), Path.of(args[1]), settings, TranscodeProgress.NONE);
      elapsedMs = Math.min(elapsedMs, (System.nanoTime() - started) / 1_000_000);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", settings.mode());
    out.put("elapsedMs", elapsedMs);
    out.put("mediaMs", result.mediaDurationMs());
    out.put("truncated", result.truncated());
    log.info("RESULT {}", Jsons.write(out));
  }
}
