package recfleet.node.record;

import static org.bytedeco.ffmpeg.global.avfilter.AV_BUFFERSINK_FLAG_NO_REQUEST;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_channels;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame_flags;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame_rate;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_h;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_sample_rate;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_time_base;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_w;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_get_by_name;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_create_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_parse2;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_request_oldest;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_link;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_pad_get_type;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_error_string;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avfilter.AVFilterInOut;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;

/**
 * A {@code lavfi:} source run as a libavfilter graph in this process, with no demuxer. FFmpeg's
 * "lavfi" input format lives in libavdevice, which JavaCV's build links against system libraries a
 * server rarely has (libpulse0, libasound2, libxcb1, libx11-6): without them the input format is
 * simply missing. libavfilter needs none of them. The graph's open outputs ({@code [out0]}, {@code
 * [out1]}, as the lavfi device names them) each end in a sink, video converted to YUV 4:2:0 and
 * audio to 16-bit samples, the encoder's own formats.
 */
final class FilterGraphSource implements FrameSource {
  private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

  private final AVFilterGraph graph;
  private final AVFilterContext video;
  private final AVFilterContext audio;
  private final AVFrame frame = av_frame_alloc();
  private final Format format;
  private ByteBuffer picture;

  private FilterGraphSource(AVFilterGraph graph, AVFilterContext video, AVFilterContext audio) {
    this.graph = graph;
    this.video = video;
    this.audio = audio;
    AVRational rate = av_buffersink_get_frame_rate(video);
    this.format = new Format(av_buffersink_get_w(video), av_buffersink_get_h(video),
        rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : 25,
        audio == null ? 0 : av_buffersink_get_channels(audio), audio == null ? 0 : av_buffersink_get_sample_rate(audio));
  }

  /** Parses and configures {@code spec}; it must have a video output. */
  static FilterGraphSource open(String spec) throws IOException {
    AVFilterGraph graph = avfilter_graph_alloc();
    AVFilterInOut inputs = new AVFilterInOut(null);
    AVFilterInOut outputs = new AVFilterInOut(null);
    try {
      check(avfilter_graph_parse2(graph, spec, inputs, outputs), "the lavfi graph cannot be parsed");
      if (!inputs.isNull()) throw new IOException("the lavfi graph has unconnected inputs; a source graph has none");
      AVFilterContext video = null;
      AVFilterContext audio = null;
      int n = 0;
      for (AVFilterInOut out = outputs; out != null && !out.isNull(); out = out.next(), n++) {
        int type = avfilter_pad_get_type(out.filter_ctx().output_pads(), out.pad_idx());
        if (type == AVMEDIA_TYPE_VIDEO && video == null) {
          video = sink(graph, out, n, "format", "pix_fmts=yuv420p", "buffersink");
        } else if (type == AVMEDIA_TYPE_AUDIO && audio == null) {
          audio = sink(graph, out, n, "aformat", "sample_fmts=s16", "abuffersink");
        } else {
          throw new IOException("the lavfi graph has more outputs than one video and one audio");
        }
      }
      if (video == null) throw new IOException("source has no video stream");
      check(avfilter_graph_config(graph, null), "the lavfi graph cannot be configured");
      return new FilterGraphSource(graph, video, audio);
    } catch (IOException | RuntimeException e) {
      avfilter_graph_free(graph);
      throw e;
    } finally {
      avfilter_inout_free(inputs);
      avfilter_inout_free(outputs);
    }
  }

  /** A converter then a sink after one of the graph's open outputs. */
  private static AVFilterContext sink(AVFilterGraph graph, AVFilterInOut out, int n, String converter, String args,
                                      String sinkName) throws IOException {
    AVFilterContext convert = new AVFilterContext();
    AVFilterContext sink = new AVFilterContext();
    check(avfilter_graph_create_filter(convert, avfilter_get_by_name(converter), "convert" + n, args, null, graph),
        "cannot add " + converter);
    check(avfilter_graph_create_filter(sink, avfilter_get_by_name(sinkName), "sink" + n, (String) null, null, graph),
        "cannot add " + sinkName);
    check(avfilter_link(out.filter_ctx(), out.pad_idx(), convert, 0), "cannot link the graph's output");
    check(avfilter_link(convert, 0, sink, 0), "cannot link " + sinkName);
    return sink;
  }

  @Override
  public Format format() {
    return format;
  }

  /** Blocks while the graph makes the next frame ({@code realtime} filters pace it to the clock). */
  @Override
  public Frame grab() throws IOException {
    while (true) {
      if (av_buffersink_get_frame_flags(video, frame, AV_BUFFERSINK_FLAG_NO_REQUEST) >= 0) return videoFrame();
      if (audio != null && av_buffersink_get_frame_flags(audio, frame, AV_BUFFERSINK_FLAG_NO_REQUEST) >= 0) {
        return audioFrame();
      }
      int r = avfilter_graph_request_oldest(graph);
      if (r == AVERROR_EOF) return null;
      if (r < 0 && r != AVERROR_EAGAIN()) check(r, "the lavfi graph failed");
    }
  }

  private Frame videoFrame() {
    int w = frame.width();
    int h = frame.height();
    int cw = (w + 1) / 2;
    int ch = (h + 1) / 2;
    int size = w * h + 2 * cw * ch;
    if (picture == null || picture.capacity() != size) picture = ByteBuffer.allocateDirect(size);
    picture.clear();
    copyPlane(frame.data(0), frame.linesize(0), w, h);
    copyPlane(frame.data(1), frame.linesize(1), cw, ch);
    copyPlane(frame.data(2), frame.linesize(2), cw, ch);
    picture.flip();
    Frame f = new Frame();
    f.imageWidth = w;
    f.imageHeight = h;
    f.imageDepth = Frame.DEPTH_UBYTE;
    f.imageChannels = 1;
    f.imageStride = w;
    f.image = new java.nio.Buffer[] {picture};
    f.timestamp = micros(video);
    av_frame_unref(frame);
    return f;
  }

  private void copyPlane(BytePointer data, int linesize, int width, int rows) {
    for (int y = 0; y < rows; y++) {
      picture.put(data.position((long) y * linesize).limit((long) y * linesize + width).asByteBuffer());
    }
  }

  private Frame audioFrame() {
    int channels = format.audioChannels();
    int samples = frame.nb_samples() * channels;
    ShortBuffer pcm = frame.data(0).limit(samples * 2L).asByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
    ShortBuffer copy = ShortBuffer.allocate(samples);
    copy.put(pcm).flip();
    Frame f = new Frame();
    f.sampleRate = format.sampleRate();
    f.audioChannels = channels;
    f.samples = new java.nio.Buffer[] {copy};
    f.timestamp = micros(audio);
    av_frame_unref(frame);
    return f;
  }

  private long micros(AVFilterContext sink) {
    return av_rescale_q(frame.pts(), av_buffersink_get_time_base(sink), MICROS);
  }

  private static void check(int result, String what) throws IOException {
    if (result >= 0) return;
    byte[] text = new byte[256];
    av_make_error_string(text, text.length, result);
    throw new IOException(what + ": " + new String(text, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", ""));
  }

  @Override
  public void close() {
    av_frame_free(frame);
    avfilter_graph_free(graph);
  }
}
