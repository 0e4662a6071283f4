package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test media made on the spot with the ffmpeg CLI: live publishers and small files. */
public final class Ffmpeg {
  private Ffmpeg() {}

  /** Publishes a live 640x360 test pattern with a tone, H.264 (1 s GOP) + AAC, at real time. */
  public static Process publish(String url, String videoBitrate, Path log) {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-keyint_min", "25",
        "-b:v", videoBitrate, "-maxrate", videoBitrate, "-bufsize", videoBitrate,
        "-c:a", "aac", "-b:a", "64k"));
    if (url.startsWith("http")) {
      cmd.addAll(List.of("-f", "flv", "-listen", "1", url));
    } else {
      cmd.addAll(List.of("-f", "flv", url));
    }
    return Processes.start(cmd, log);
  }

  /** Writes a finite test recording of the given length. */
  public static Path file(Path out, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=" + seconds,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds,
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-shortest", out.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffmpeg failed: " + output);
    return out;
  }

  /** Duration in seconds and the codec of the first video stream, as ffprobe reads them. */
  public record Probe(double durationSeconds, String videoCodec) {}

  public static Probe probe(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "stream=codec_name:format=duration", "-of", "default=noprint_wrappers=1", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed: " + out);
    String codec = null;
    double duration = -1;
    for (String line : out.split("\n")) {
      if (line.startsWith("codec_name=")) codec = line.substring(11).strip();
      if (line.startsWith("duration=")) duration = Double.parseDouble(line.substring(9).strip());
    }
    return new Probe(duration, codec);
  }
}
