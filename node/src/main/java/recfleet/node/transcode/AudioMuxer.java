package recfleet.node.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Puts the freshly encoded video and the source's own audio packets (copied, not re-encoded)
 * into one MP4 with faststart. The audio is shifted by the same offset the video was, so the two
 * stay in sync to the packet.
 */
final class AudioMuxer {
  private static final AVRational MICROS = av_make_q(1, 1_000_000);

  private AudioMuxer() {}

  /** {@code offsetMicros}: the source time that became zero in the encoded video. */
  static void mux(Path encodedVideo, Path audioSource, long offsetMicros, Path output) throws IOException {
    AVFormatContext video = open(encodedVideo);
    AVFormatContext audio = null;
    AVFormatContext out = new AVFormatContext(null);
    AVPacket vp = av_packet_alloc();
    AVPacket ap = av_packet_alloc();
    try {
      audio = open(audioSource);
      int vIn = streamOf(video, AVMEDIA_TYPE_VIDEO);
      int aIn = streamOf(audio, AVMEDIA_TYPE_AUDIO);
      check(avformat_alloc_output_context2(out, null, "mp4", output.toString()), "create the MP4 muxer");
      AVStream vOut = copyStream(out, video.streams(vIn));
      AVStream aOut = copyStream(out, audio.streams(aIn));
      AVIOContext pb = new AVIOContext(null);
      check(avio_open(pb, output.toString(), AVIO_FLAG_WRITE), "open " + output.getFileName());
      out.pb(pb);
      AVDictionary options = new AVDictionary(null);
      av_dict_set(options, "movflags", "faststart", 0);
      try {
        check(avformat_write_header(out, options), "write the MP4 header");
      } finally {
        av_dict_free(options);
      }
      AVRational vTb = video.streams(vIn).time_base();
      AVRational aTb = audio.streams(aIn).time_base();
      long aShift = av_rescale_q(offsetMicros, MICROS, aTb);
      boolean vHas = next(video, vIn, vp, 0, false);
      boolean aHas = next(audio, aIn, ap, aShift, true);
      while (vHas || aHas) {
        boolean takeVideo = !aHas || (vHas && micros(vp, vTb) <= micros(ap, aTb));
        if (takeVideo) {
          write(out, vp, vTb, vOut);
          vHas = next(video, vIn, vp, 0, false);
        } else {
          write(out, ap, aTb, aOut);
          aHas = next(audio, aIn, ap, aShift, true);
        }
      }
      check(av_write_trailer(out), "finish the MP4");
    } finally {
      av_packet_free(vp);
      av_packet_free(ap);
      if (out.pb() != null) avio_closep(out.pb());
      avformat_free_context(out);
      avformat_close_input(video);
      if (audio != null) avformat_close_input(audio);
    }
  }

  private static AVFormatContext open(Path file) throws IOException {
    AVFormatContext ctx = new AVFormatContext(null);
    check(avformat_open_input(ctx, file.toString(), null, null), "open " + file.getFileName());
    check(avformat_find_stream_info(ctx, (org.bytedeco.javacpp.PointerPointer<?>) null), "probe " + file.getFileName());
    return ctx;
  }

  private static int streamOf(AVFormatContext ctx, int type) throws IOException {
    for (int i = 0; i < ctx.nb_streams(); i++) {
      if (ctx.streams(i).codecpar().codec_type() == type) return i;
    }
    throw new IOException("no " + (type == AVMEDIA_TYPE_VIDEO ? "video" : "audio") + " stream");
  }

  private static AVStream copyStream(AVFormatContext out, AVStream in) throws IOException {
    AVStream s = avformat_new_stream(out, null);
    check(avcodec_parameters_copy(s.codecpar(), in.codecpar()), "copy stream parameters");
    s.codecpar().codec_tag(0);
    s.time_base(in.time_base());
    return s;
  }

  /**
   * Reads the next packet of one stream, shifted back by {@code shift}. Audio from before the
   * video's first frame is dropped; video is never dropped (with B-frames its first DTS is below zero).
   */
  private static boolean next(AVFormatContext ctx, int stream, AVPacket pkt, long shift, boolean dropBeforeZero) {
    while (av_read_frame(ctx, pkt) >= 0) {
      if (pkt.stream_index() == stream && pkt.dts() != AV_NOPTS_VALUE) {
        pkt.dts(pkt.dts() - shift);
        if (pkt.pts() != AV_NOPTS_VALUE) pkt.pts(pkt.pts() - shift);
        if (!dropBeforeZero || pkt.dts() >= 0) return true;
      }
      av_packet_unref(pkt);
    }
    return false;
  }

  private static long micros(AVPacket pkt, AVRational tb) {
    return av_rescale_q(pkt.dts(), tb, MICROS);
  }

  private static void write(AVFormatContext out, AVPacket pkt, AVRational inTb, AVStream to) throws IOException {
    av_packet_rescale_ts(pkt, inTb, to.time_base());
    pkt.stream_index(to.index());
    pkt.pos(-1);
    check(av_interleaved_write_frame(out, pkt), "write a packet");
  }

  private static void check(int ret, String what) throws IOException {
    if (ret < 0) throw new IOException("cannot " + what + " (FFmpeg error " + ret + ")");
  }
}
