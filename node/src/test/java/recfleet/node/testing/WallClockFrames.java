package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live publisher whose frames carry their own time: each frame shows the wall clock at which
 * ffmpeg made it (setpts=RTCTIME), in milliseconds modulo 2^32, as 32 vertical bands, band i white
 * when bit i is set. Reading a recording's first frame back then says when that frame was made,
 * independently of the node's own timestamps: what a test of a pre-roll or a precise start checks.
 * The bands are 12 pixels wide, so H.264 at any sane bitrate keeps them apart.
 */
public final class WallClockFrames {
  private static final int BITS = 32;
  private static final String STAMP = "settb=1/1000000,setpts=RTCTIME,format=gray,scale=" + BITS + ":2,"
      + "geq=lum='if(mod(floor(floor(T*1000)/pow(2\\,floor(X)))\\,2)\\,235\\,16)',"
      + "scale=384:216:flags=neighbor,format=yuv420p,settb=1/25,setpts=N";

  private WallClockFrames() {}

  /** Publishes the stamped frames at real time, H.264 (1 s GOP) + AAC, like {@link Ffmpeg#publish}. */
  public static Process publish(String url, Path log) {
    return Processes.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=384x216:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-vf", STAMP, "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-keyint_min", "25",
        "-b:v", "500k", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url), log);
  }

  /**
   * The wall-clock time (epoch ms) stamped on a file's first video frame; {@code near} (a time within
   * 24 days of it) picks the right wrap of the 32-bit stamp.
   */
  public static long firstFrameMillis(Path file, long near) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", file.toString(),
        "-frames:v", "1", "-vf", "scale=" + BITS + ":1:flags=neighbor", "-f", "rawvideo", "-pix_fmt", "gray", "-")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] row = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || row.length != BITS) {
      throw new IOException("could not read the first frame of " + file + " (" + row.length + " bytes)");
    }
    long stamp = 0;
    for (int bit = 0; bit < BITS; bit++) {
      if ((row[bit] & 0xff) > 128) stamp |= 1L << bit;
    }
    return near + (int) (stamp - near);
  }
}
