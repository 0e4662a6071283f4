package recfleet.node.record;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import recfleet.node.media.CodecTags;

/**
 * Copies compressed packets into an FLV segment without decoding. Timestamps are shifted so the
 * segment starts at zero; packets that would fall before the first keyframe are dropped, because
 * the FLV muxer refuses a DTS that goes backwards.
 */
final class PacketCopyWriter extends SegmentWriter {
  private static final AVRational MICROS = av_make_q(1, 1_000_000);

  PacketCopyWriter(Path file, FFmpegFrameGrabber grabber, long baseMicros) throws Exception {
    super(new FFmpegFrameRecorder(file.toFile(), grabber.getImageWidth(), grabber.getImageHeight(),
        grabber.getAudioStream() >= 0 ? grabber.getAudioChannels() : 0), baseMicros);
    if (grabber.getAudioStream() >= 0) recorder.setSampleRate(grabber.getSampleRate());
    CodecTags.clear(grabber.getFormatContext());
    recorder.start(grabber.getFormatContext());
  }

  /** Writes the packet (taking ownership of it), or drops it; either way the packet is released. */
  void write(AVPacket pkt, AVStream stream) throws Exception {
    long offset = av_rescale_q(baseMicros(), MICROS, stream.time_base());
    if (pkt.dts() != AV_NOPTS_VALUE) pkt.dts(pkt.dts() - offset);
    if (pkt.pts() != AV_NOPTS_VALUE) pkt.pts(pkt.pts() - offset);
    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
    if ((pkt.dts() != AV_NOPTS_VALUE && pkt.dts() < 0) || ts == AV_NOPTS_VALUE) {
      av_packet_unref(pkt);
      return;
    }
    reached(av_rescale_q(ts + Math.max(pkt.duration(), 0), stream.time_base(), MICROS));
    recorder.recordPacket(pkt);
  }
}
