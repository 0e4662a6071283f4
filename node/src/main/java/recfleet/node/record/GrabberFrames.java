package recfleet.node.record;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** An opened grabber's decoded frames (raw lavfi-free sources: PCM over RTSP, a file FLV cannot carry). */
final class GrabberFrames implements FrameSource {
  private final FFmpegFrameGrabber grabber;

  GrabberFrames(FFmpegFrameGrabber grabber) {
    this.grabber = grabber;
  }

  @Override
  public Format format() {
    boolean audio = grabber.getAudioStream() >= 0 && grabber.getAudioChannels() > 0;
    return new Format(grabber.getImageWidth(), grabber.getImageHeight(),
        grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25,
        audio ? grabber.getAudioChannels() : 0, audio ? grabber.getSampleRate() : 0);
  }

  @Override
  public Frame grab() throws Exception {
    return grabber.grab();
  }

  @Override
  public void close() {
    // the grabber belongs to whoever opened it
  }
}
