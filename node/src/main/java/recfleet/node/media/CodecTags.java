package recfleet.node.media;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;

/**
 * Containers name codecs with their own tags (MP4's {@code avc1}, FLV's 7). A stream copied from
 * one container to another must drop the source's tag, or the muxer refuses to write its header.
 */
public final class CodecTags {
  private CodecTags() {}

  public static void clear(AVFormatContext input) {
    for (int i = 0; i < input.nb_streams(); i++) {
      input.streams(i).codecpar().codec_tag(0);
    }
  }
}
