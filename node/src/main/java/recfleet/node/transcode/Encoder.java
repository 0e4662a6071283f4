package recfleet.node.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The encoding modes (CRF, CQ, B, ABR, VBR): decodes the FLV and encodes H.264 or H.265 into an
 * MP4 with faststart, written as {@code .part} then renamed. Video frames keep the source's
 * timestamps; AAC or MP3 audio is copied, other audio is re-encoded to AAC. A read error ends the input early: what was read is kept and the result
 * says it was truncated.
 */
public final class Encoder {
  /** What one pass over the input saw: the first and last video timestamps, and whether it ended early. */
  private static final class Pass {
    long firstMicros = -1;
    long lastMicros;
    String truncatedBecause;
  }

  public TranscodeResult encode(Path input, Path output, TranscodeSettings s, TranscodeProgress progress)
      throws IOException {
    Path part = output.resolveSibling(output.getFileName() + ".part");
    Path videoPart = output.resolveSibling(output.getFileName() + ".video.part");
    Files.createDirectories(output.getParent());
    Pass pass;
    boolean copyAudio;
    long declaredMs;
    try (FFmpegFrameGrabber g = open(input, s)) {
      declaredMs = Math.max(0, g.getLengthInTime() / 1000);
      boolean audio = g.getAudioStream() >= 0 && g.getAudioChannels() > 0;
      // AAC and MP3 go into MP4 as they are: they are copied (no loss, exact sync) by AudioMuxer
      // after the video is encoded; anything else is re-encoded to AAC in the same pass.
      copyAudio = audio && (g.getAudioCodec() == AV_CODEC_ID_AAC || g.getAudioCodec() == AV_CODEC_ID_MP3);
      boolean encodeAudio = audio && !copyAudio;
      FFmpegFrameRecorder r = new FFmpegFrameRecorder((copyAudio ? videoPart : part).toFile(), g.getImageWidth(),
          g.getImageHeight(), encodeAudio ? g.getAudioChannels() : 0);
      configure(r, g, s, encodeAudio);
      try {
        r.start();
        pass = encodeFrames(g, r, copyAudio, encodeAudio, progress, declaredMs);
        r.stop();
      } finally {
        r.release();
      }
    } catch (FrameGrabber.Exception | org.bytedeco.javacv.FrameRecorder.Exception e) {
      discard(part, videoPart);
      throw new IOException("transcode of " + input.getFileName() + " failed: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      discard(part, videoPart);
      throw e;
    }
    return finish(input, part, videoPart, output, copyAudio, pass, declaredMs);
  }

  /** Adds the copied audio if any, then renames the part into place; a pass that saw no video keeps nothing. */
  private static TranscodeResult finish(Path input, Path part, Path videoPart, Path output, boolean copyAudio,
                                        Pass pass, long declaredMs) throws IOException {
    if (pass.firstMicros < 0) {
      discard(part, videoPart);
      throw new UnusableInputException("no video frame could be decoded from " + input.getFileName());
    }
    if (copyAudio) {
      try {
        AudioMuxer.mux(videoPart, input, pass.firstMicros, part);
      } finally {
        Files.deleteIfExists(videoPart);
      }
    }
    Files.move(part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long doneMs = pass.lastMicros / 1000;
    return pass.truncatedBecause != null ? new TranscodeResult(doneMs, true, pass.truncatedBecause)
        : TranscodeResult.measured(doneMs, declaredMs);
  }

  /** The input, started and checked to hold video; an unreadable one is an {@link UnusableInputException}. */
  private static FFmpegFrameGrabber open(Path input, TranscodeSettings s) throws IOException {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(input.toFile());
    g.setVideoOption("threads", String.valueOf(Math.max(1, s.threads())));
    // Frames come out as YUV 4:2:0, the encoder's own format: no round trip through BGR.
    g.setPixelFormat(AV_PIX_FMT_YUV420P);
    try {
      g.startUnsafe();
      if (g.getVideoStream() < 0 || g.getImageWidth() <= 0) {
        throw new UnusableInputException("the input has no video stream");
      }
      return g;
    } catch (FrameGrabber.Exception e) {
      g.close();
      throw new UnusableInputException("cannot read " + input.getFileName() + " as media: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /**
   * Encodes every frame; video keeps the source's timestamps, moved to start at 0. A read error
   * ends the pass early: what was read is kept, and the pass says why it stopped.
   */
  private static Pass encodeFrames(FFmpegFrameGrabber g, FFmpegFrameRecorder r, boolean copyAudio,
                                   boolean encodeAudio, TranscodeProgress progress, long declaredMs)
      throws org.bytedeco.javacv.FrameRecorder.Exception {
    Pass pass = new Pass();
    while (true) {
      Frame f;
      try {
        f = copyAudio ? g.grabImage() : g.grab();
      } catch (FrameGrabber.Exception e) {
        pass.truncatedBecause = "input unreadable after " + (pass.lastMicros / 1000) + " ms: " + e.getMessage();
        return pass;
      }
      if (f == null) return pass;
      if (f.image != null) {
        if (pass.firstMicros < 0) pass.firstMicros = f.timestamp;
        long ts = Math.max(0, f.timestamp - pass.firstMicros);
        if (ts > r.getTimestamp()) r.setTimestamp(ts);
        r.record(f, AV_PIX_FMT_YUV420P);
        pass.lastMicros = Math.max(pass.lastMicros, ts);
        progress.at(pass.lastMicros / 1000, declaredMs);
      } else if (f.samples != null && encodeAudio && pass.firstMicros >= 0) {
        r.record(f);
      }
    }
  }

  private static void discard(Path... parts) throws IOException {
    for (Path part : parts) Files.deleteIfExists(part);
  }

  private static void configure(FFmpegFrameRecorder r, FFmpegFrameGrabber g, TranscodeSettings s, boolean audio) {
    r.setFormat("mp4");
    r.setOption("movflags", "faststart");
    r.setVideoCodecName(s.encoder().ffmpegName());
    r.setPixelFormat(AV_PIX_FMT_YUV420P);
    double fps = g.getFrameRate() > 0 ? g.getFrameRate() : 25;
    r.setFrameRate(fps);
    r.setGopSize((int) Math.max(1, Math.round(fps * 2)));
    r.setVideoOption("preset", s.preset());
    // Bounded encoder threads keep a transcode from starving the live recordings.
    if (s.threads() > 0) r.setVideoOption("threads", String.valueOf(s.threads()));
    if (s.encoder() == VideoEncoder.X265) r.setVideoOption("x265-params", "log-level=error");
    long bitrate = s.bitrateKbps() * 1000L;
    long bufsize = s.bufsizeKbps() * 1000L;
    switch (s.mode()) {
      case CRF -> r.setVideoOption("crf", String.valueOf(s.crf()));
      case CQ -> r.setVideoOption("qp", String.valueOf(s.cq()));
      case B -> {
        r.setVideoBitrate((int) bitrate);
        r.setVideoOption("minrate", String.valueOf(bitrate));
        r.setVideoOption("maxrate", String.valueOf(bitrate));
        r.setVideoOption("bufsize", String.valueOf(bufsize));
        if (s.encoder() == VideoEncoder.X264) r.setVideoOption("x264-params", "nal-hrd=cbr");
      }
      case ABR -> r.setVideoBitrate((int) bitrate);
      case VBR -> {
        r.setVideoBitrate((int) bitrate);
        r.setVideoOption("maxrate", String.valueOf(bitrate * 3 / 2));
        r.setVideoOption("bufsize", String.valueOf(bufsize));
      }
      case COPY -> throw new IllegalArgumentException("COPY does not encode");
    }
    if (audio) {
      r.setAudioCodec(AV_CODEC_ID_AAC);
      r.setSampleRate(g.getSampleRate());
      r.setAudioBitrate(g.getAudioBitrate() > 0 ? Math.min(g.getAudioBitrate(), 320_000) : 128_000);
    }
  }
}
