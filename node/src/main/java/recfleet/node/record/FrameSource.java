package recfleet.node.record;

import org.bytedeco.javacv.Frame;

/**
 * Decoded frames to be encoded into a segment: video in YUV 4:2:0, audio as samples. Blocking; one
 * recording thread reads it.
 */
interface FrameSource extends AutoCloseable {
  /** What the frames are, for the encoder. */
  record Format(int width, int height, double frameRate, int audioChannels, int sampleRate) {
    boolean hasAudio() {
      return audioChannels > 0 && sampleRate > 0;
    }
  }

  Format format();

  /** The next frame (timestamp in microseconds), or null when the source ended. */
  Frame grab() throws Exception;

  @Override
  void close();
}
