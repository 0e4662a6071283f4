package recfleet.node.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import recfleet.node.media.Adts;
import recfleet.node.media.AnnexB;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.HevcConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;

/**
 * What FFmpeg demuxes (RTSP, HLS, SRT, files) as the engine's packets, so these sources share the
 * ring and the writers with RTMP and HTTP-FLV: H.264 and HEVC in Annex B form become length-prefixed
 * units with a decoder configuration record (from the stream's extradata, or from the first
 * keyframe that carries its parameter sets in-band); AAC in ADTS frames loses its headers and gains
 * an AudioSpecificConfig; MP3 gets FLV's audio flags. Times in milliseconds.
 */
public final class FfmpegPackets {
  private static final AVRational MILLIS = av_make_q(1, 1000);
  private final AVFormatContext context;
  private final int videoIndex;
  private final int audioIndex;
  private final int videoCodec;
  private CodecConfig video;
  private CodecConfig audio;

  /** {@code audioIndex} -1: no audio. Call only when {@link #canCarry} said yes. */
  public FfmpegPackets(AVFormatContext context, int videoIndex, int audioIndex) {
    this.context = context;
    this.videoIndex = videoIndex;
    this.audioIndex = audioIndex;
    AVCodecParameters v = context.streams(videoIndex).codecpar();
    this.videoCodec = v.codec_id() == AV_CODEC_ID_HEVC ? CodecConfig.HEVC : CodecConfig.AVC;
    this.video = videoConfig(extradata(v));
    if (audioIndex >= 0) this.audio = audioConfig(context.streams(audioIndex).codecpar(), null);
  }

  /** H.264 or HEVC video, and AAC, MP3 or no audio: the streams the writers carry as they are. */
  public static boolean canCarry(int videoCodecId, int audioCodecId) {
    boolean videoOk = videoCodecId == AV_CODEC_ID_H264 || videoCodecId == AV_CODEC_ID_HEVC;
    boolean audioOk = audioCodecId < 0 || audioCodecId == AV_CODEC_ID_AAC || audioCodecId == AV_CODEC_ID_MP3;
    return videoOk && audioOk;
  }

  /** The packet as the engine's, or null: another stream, no time, or no configuration known yet. */
  public Packet convert(AVPacket pkt) {
    int index = pkt.stream_index();
    if (index != videoIndex && index != audioIndex) return null;
    AVStream stream = context.streams(index);
    long dts = pkt.dts() != AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
    if (dts == AV_NOPTS_VALUE || pkt.size() <= 0) return null;
    long pts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : dts;
    long dtsMs = av_rescale_q(dts, stream.time_base(), MILLIS);
    int cts = (int) (av_rescale_q(pts, stream.time_base(), MILLIS) - dtsMs);
    byte[] data = new byte[pkt.size()];
    pkt.data().get(data);
    if (index == videoIndex) return videoPacket(data, dtsMs, cts, (pkt.flags() & AV_PKT_FLAG_KEY) != 0);
    return audioPacket(data, dtsMs);
  }

  private Packet videoPacket(byte[] data, long dts, int cts, boolean key) {
    boolean annexB = AnnexB.isAnnexB(data);
    if (video == null && key && annexB) video = videoConfig(data); // parameter sets in-band only
    if (video == null) return null;
    byte[] payload = annexB ? AnnexB.toLengthPrefixed(data) : data;
    return new Packet(TrackKind.VIDEO, dts, cts, key, video, payload);
  }

  private Packet audioPacket(byte[] data, long dts) {
    byte[] payload = data;
    if (audio != null && audio.codecId() == CodecConfig.AAC && Adts.isAdts(data)) {
      if (!audio.hasRecord()) audio = audioConfig(context.streams(audioIndex).codecpar(), data);
      payload = java.util.Arrays.copyOfRange(data, Adts.headerLength(data), data.length);
    }
    if (audio == null || audio.codecId() == CodecConfig.AAC && !audio.hasRecord()) return null;
    return new Packet(TrackKind.AUDIO, dts, 0, true, audio, payload);
  }

  private CodecConfig videoConfig(byte[] bytes) {
    if (bytes == null || bytes.length == 0) return null;
    byte[] record;
    if (!AnnexB.isAnnexB(bytes)) {
      record = bytes; // already a decoder configuration record (FLV, MP4 sources)
    } else {
      record = videoCodec == CodecConfig.HEVC ? HevcConfig.fromAnnexB(bytes) : AnnexB.avcConfiguration(bytes);
    }
    return record == null ? null : new CodecConfig(TrackKind.VIDEO, videoCodec, 0, record);
  }

  /** {@code adtsFrame}: where an AAC stream without extradata (MPEG-TS) says what it is. */
  private static CodecConfig audioConfig(AVCodecParameters a, byte[] adtsFrame) {
    int rate = a.sample_rate();
    int rateIndex = rate >= 44_100 ? 3 : rate >= 22_050 ? 2 : rate >= 11_025 ? 1 : 0;
    int stereo = a.ch_layout().nb_channels() > 1 ? 1 : 0;
    if (a.codec_id() == AV_CODEC_ID_MP3) {
      return new CodecConfig(TrackKind.AUDIO, 2, (2 << 4) | (rateIndex << 2) | 2 | stereo, null);
    }
    byte[] asc = adtsFrame != null ? Adts.audioSpecificConfig(adtsFrame) : extradata(a);
    // FLV says AAC is always 44 kHz stereo 16-bit (0xAF): the real figures are in the AudioSpecificConfig
    return new CodecConfig(TrackKind.AUDIO, CodecConfig.AAC, 0xaf, asc);
  }

  private static byte[] extradata(AVCodecParameters p) {
    int size = p.extradata_size();
    if (size <= 0 || p.extradata() == null) return new byte[0];
    byte[] out = new byte[size];
    p.extradata().get(out);
    return out;
  }
}
