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

  /** A recording like the record stage writes: FLV, H.264 (2 s GOP) + AAC, with noise so encoders must work. */
  public static Path flv(Path out, int seconds, String size) throws IOException, InterruptedException {
    return run(out, "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25:duration=" + seconds + ",noise=alls=12:allf=t",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds,
        "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "4M", "-g", "50", "-c:a", "aac", "-shortest",
        "-f", "flv", out.toString());
  }

  /** The ffmpeg CLI's per-packet hashes of the first video stream, copied without decoding. */
  public static java.util.List<String> videoPacketHashes(Path file) throws IOException, InterruptedException {
    return packetHashes(file, "0:v:0");
  }

  /** The ffmpeg CLI's per-packet hashes of one stream ({@code 0:a:0}), copied without decoding. */
  public static java.util.List<String> packetHashes(Path file, String stream) throws IOException, InterruptedException {
    return packetHashes(file.toString(), stream);
  }

  /** The same for any input the CLI opens: a file or a URL. */
  public static java.util.List<String> packetHashes(String input, String stream) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", input,
        "-map", stream, "-c", "copy", "-f", "framemd5", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("framemd5 failed: " + out);
    return out.lines().filter(l -> !l.startsWith("#")).map(l -> l.substring(l.lastIndexOf(',') + 1).strip()).toList();
  }

  /** Like {@link #flv} but with uncompressed PCM audio, which MP4 cannot carry as it is. */
  public static Path flvWithPcm(Path out, int seconds) throws IOException, InterruptedException {
    return run(out, "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=" + seconds,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds,
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "pcm_s16le", "-shortest",
        "-f", "flv", out.toString());
  }

  /** Codec name of the first audio stream, or null. */
  public static String audioCodec(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
        "stream=codec_name", "-of", "default=noprint_wrappers=1:nokey=1", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed: " + out);
    return out.isEmpty() ? null : out;
  }

  /** Bitrate of the first video stream in bits per second, as ffprobe computes it. */
  public static long videoBitrate(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "stream=bit_rate", "-of", "default=noprint_wrappers=1:nokey=1", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed: " + out);
    return Long.parseLong(out);
  }

  private static Path run(Path out, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffmpeg failed: " + output);
    return out;
  }

  /** How many video packets ffprobe reads from a file now (0 while it cannot read it yet). */
  public static int videoPackets(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
        "-show_entries", "stream=nb_read_packets", "-of", "default=noprint_wrappers=1:nokey=1", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) return 0;
    return Integer.parseInt(out.lines().findFirst().orElse("0").strip());
  }

  /** ffprobe's flags of the first video packet ("K__" for a keyframe). */
  public static String firstVideoFlags(Path file) throws IOException, InterruptedException {
    return firstVideo(file, "packet=flags");
  }

  /** The first video stream's profile ("Constrained Baseline", "High"...): tells a copy from an encode. */
  public static String videoProfile(Path file) throws IOException, InterruptedException {
    return firstVideo(file, "stream=profile");
  }

  /** The first video stream's size, "WIDTHxHEIGHT". */
  public static String videoSize(Path file) throws IOException, InterruptedException {
    return firstVideo(file, "stream=width,height").replace("\n", "x");
  }

  private static String firstVideo(Path file, String entries) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
        "-show_entries", entries, "-of", "default=noprint_wrappers=1:nokey=1", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed on " + file);
    return out;
  }

  /** Duration in seconds and the codec of the first video stream, as ffprobe reads them. */
  public record Probe(double durationSeconds, String videoCodec) {}

  public static Probe probe(Path file) throws IOException, InterruptedException {
    return probe(file.toString());
  }

  /** The same for any input ffprobe opens: a file or a URL. */
  public static Probe probe(String input) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "stream=codec_name:format=duration", "-of", "default=noprint_wrappers=1", input)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed: " + out);
    String codec = null;
    double duration = -1;
    for (String line : out.split("\n")) {
      if (line.startsWith("codec_name=")) codec = line.substring(11).strip();
      // N/A: a file with a header and no media yet (opened, then killed before its first packet)
      if (line.startsWith("duration=")) duration = line.contains("N/A") ? 0 : Double.parseDouble(line.substring(9).strip());
    }
    return new Probe(duration, codec);
  }
}
