package recfleet.node.transcode;

/** The encoders the GPL FFmpeg build carries. */
public enum VideoEncoder {
  X264("libx264"), X265("libx265");

  private final String ffmpegName;

  VideoEncoder(String ffmpegName) {
    this.ffmpegName = ffmpegName;
  }

  public String ffmpegName() {
    return ffmpegName;
  }
}
