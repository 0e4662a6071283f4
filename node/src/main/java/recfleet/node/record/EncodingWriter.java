package recfleet.node.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes decoded frames into an H.264/AAC FLV segment, for sources whose streams FLV cannot
 * carry as they are (raw lavfi test sources, PCM audio over RTSP).
 */
final class EncodingWriter extends SegmentWriter {
  EncodingWriter(Path file, FrameSource.Format format, long baseMicros) throws Exception {
    super(new FFmpegFrameRecorder(file.toFile(), format.width(), format.height(),
        format.hasAudio() ? format.audioChannels() : 0), baseMicros);
    boolean audio = format.hasAudio();
    recorder.setVideoCodec(AV_CODEC_ID_H264);
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    double fps = format.frameRate() > 0 ? format.frameRate() : 25;
    recorder.setFrameRate(fps);
    recorder.setGopSize((int) Math.max(1, Math.round(fps)));
    recorder.setVideoOption("preset", "veryfast");
    recorder.setVideoOption("tune", "zerolatency");
    recorder.setVideoOption("threads", "1");
    recorder.setVideoBitrate(1_500_000);
    if (audio) {
      recorder.setAudioCodec(AV_CODEC_ID_AAC);
      recorder.setSampleRate(format.sampleRate());
      recorder.setAudioBitrate(128_000);
    }
    recorder.start();
  }

  void writeVideo(Frame frame) throws Exception {
    long ts = Math.max(0, frame.timestamp - baseMicros());
    reached(ts);
    if (ts > recorder.getTimestamp()) recorder.setTimestamp(ts);
    recorder.record(frame, AV_PIX_FMT_YUV420P);
  }

  void writeAudio(Frame frame) throws Exception {
    recorder.record(frame);
  }
}
