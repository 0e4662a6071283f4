package recfleet.node.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import recfleet.node.media.CodecTags;

/**
 * The COPY mode: moves the packets of an FLV into an MP4 with faststart, without decoding.
 * Writes {@code <out>.part} and renames it, so a crash never leaves a half file under the real name.
 */
public final class Remuxer {
  private static final org.bytedeco.ffmpeg.avutil.AVRational MICROS = av_make_q(1, 1_000_000);

  /** Remuxes and returns the media duration written, measured from the packets. */
  public TranscodeResult remux(Path input, Path output, TranscodeProgress progress) throws IOException {
    long firstMicros = Long.MAX_VALUE;
    long endMicros = 0;
    long declaredMs;
    Path part = output.resolveSibling(output.getFileName() + ".part");
    Files.createDirectories(output.getParent());
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(input.toFile())) {
      g.setVideoOption("threads", "1");
      g.setAudioOption("threads", "1");
      try {
        g.startUnsafe();
      } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
        throw new UnusableInputException("cannot read " + input.getFileName() + " as media: " + e.getMessage());
      }
      if (g.getVideoStream() < 0 || g.getImageWidth() <= 0) throw new UnusableInputException("the input has no video stream");
      declaredMs = Math.max(0, g.getLengthInTime() / 1000);
      if (g.getAudioStream() >= 0 && g.getAudioCodec() != AV_CODEC_ID_AAC && g.getAudioCodec() != AV_CODEC_ID_MP3) {
        throw new UnusableInputException("COPY cannot put " + g.getAudioCodecName()
            + " audio into MP4; set [TRANSCODE] model (or the room's) to an encoding mode such as CRF");
      }
      boolean audio = g.getAudioStream() >= 0;
      FFmpegFrameRecorder r = new FFmpegFrameRecorder(part.toFile(), g.getImageWidth(), g.getImageHeight(),
          audio ? g.getAudioChannels() : 0);
      r.setFormat("mp4");
      r.setOption("movflags", "faststart");
      if (audio) r.setSampleRate(g.getSampleRate());
      try {
        CodecTags.clear(g.getFormatContext());
        r.start(g.getFormatContext());
        AVPacket pkt;
        while ((pkt = g.grabPacket()) != null) {
          int type = g.getFormatContext().streams(pkt.stream_index()).codecpar().codec_type();
          if (type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO) {
            var timeBase = g.getFormatContext().streams(pkt.stream_index()).time_base();
            long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
            if (ts != AV_NOPTS_VALUE) {
              firstMicros = Math.min(firstMicros, av_rescale_q(ts, timeBase, MICROS));
              endMicros = Math.max(endMicros, av_rescale_q(ts + Math.max(0, pkt.duration()), timeBase, MICROS));
              progress.at((endMicros - firstMicros) / 1000, declaredMs);
            }
            r.recordPacket(pkt);
          } else {
            av_packet_unref(pkt);
          }
        }
        r.stop();
      } finally {
        r.release();
      }
    } catch (org.bytedeco.javacv.FrameGrabber.Exception | org.bytedeco.javacv.FrameRecorder.Exception e) {
      Files.deleteIfExists(part);
      throw new IOException("remux of " + input.getFileName() + " failed: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part); // a stop mid-remux, too: the next attempt starts over
      throw e;
    }
    Files.move(part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return TranscodeResult.measured(firstMicros == Long.MAX_VALUE ? 0 : (endMicros - firstMicros) / 1000, declaredMs);
  }
}
