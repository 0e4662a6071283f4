package recfleet.node.transcode;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Opens a media file and reports its streams and duration. Blocking. */
public final class MediaProbe {
  private MediaProbe() {}

  public static MediaInfo probe(Path file) throws IOException {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setVideoOption("threads", "1");
      g.setAudioOption("threads", "1");
      g.startUnsafe();
      boolean video = g.getVideoStream() >= 0 && g.getImageWidth() > 0;
      boolean audio = g.getAudioStream() >= 0;
      return new MediaInfo(video, audio, Math.max(0, g.getLengthInTime() / 1000), g.getVideoCodec(),
          g.getAudioCodec());
    } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
      throw new UnusableInputException("cannot read " + file.getFileName() + " as media: " + e.getMessage());
    }
  }
}
