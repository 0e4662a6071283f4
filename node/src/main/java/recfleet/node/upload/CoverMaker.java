package recfleet.node.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A JPEG cover from a recording's first keyframe (a recording starts on one), at most
 * {@code maxWidth} wide. Blocking.
 */
public final class CoverMaker {
  private final int maxWidth;

  public CoverMaker(int maxWidth) {
    this.maxWidth = maxWidth;
  }

  public byte[] cover(Path media) throws IOException {
    return cover(media.toString(), null, java.util.Map.of());
  }

  /** A cover from any source FFmpeg opens: a file, or a live stream (the live cover). */
  public byte[] cover(String input, String format, java.util.Map<String, String> options) throws IOException {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(input);
         Java2DFrameConverter converter = new Java2DFrameConverter()) {
      if (format != null) g.setFormat(format);
      options.forEach(g::setOption);
      g.setVideoOption("threads", "1");
      g.startUnsafe();
      if (g.getImageWidth() <= 0) throw new IOException("no video to make a cover from");
      int width = g.getImageWidth();
      int height = g.getImageHeight();
      if (width > maxWidth) {
        g.setImageWidth(maxWidth);
        g.setImageHeight((int) Math.round((double) height * maxWidth / width) / 2 * 2);
      }
      Frame frame = g.grabImage();
      if (frame == null) throw new IOException("no frame could be decoded for a cover");
      BufferedImage image = converter.convert(frame);
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      if (!ImageIO.write(image, "jpg", out)) throw new IOException("no JPEG writer available");
      return out.toByteArray();
    } catch (FrameGrabber.Exception e) {
      throw new IOException("cannot read the source for a cover: " + e.getMessage(), e);
    }
  }
}
