package recfleet.node.writer;

import java.util.List;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;

/**
 * The boxes of a fragmented MP4 (ISO/IEC 14496-12): the header ({@code ftyp} and a {@code moov} with
 * empty sample tables and an {@code mvex}) and each fragment ({@code moof} + {@code mdat}). Track 1
 * is video (AVC or HEVC), track 2 AAC audio, both on a millisecond timescale, the clock packets
 * carry. Used by the fMP4 and the HLS writers.
 */
final class Fmp4Boxes {
  static final int TIMESCALE = 1000;
  static final int VIDEO_TRACK = 1;
  static final int AUDIO_TRACK = 2;
  /** Sample flags: a sync sample depends on nothing; any other video sample is not a sync sample. */
  private static final int SYNC = 0x02000000;
  private static final int NOT_SYNC = 0x01010000;

  /** One sample of a fragment: the packet, its duration, and its decode time in the file's clock. */
  record Sample(Packet packet, long decodeTime, int duration) {}

  /** The header; {@code durationAt} is where mehd's 64-bit fragment duration sits, to be filled in on close. */
  record Header(byte[] bytes, int durationAt) {}

  private Fmp4Boxes() {}

  static Header header(CodecConfig video, CodecConfig audio) {
    Box ftyp = Box.of("ftyp").ascii("iso5").u32(512).ascii("iso5").ascii("iso6").ascii("mp41");
    Box mvex = Box.of("mvex");
    Box mehd = Box.full("mehd", 1, 0);
    int mehdFieldInMehd = mehd.length();
    mehd.u64(0);
    Box moov = Box.of("moov").add(mvhd(audio != null ? 3 : 2)).add(videoTrak(video));
    if (audio != null) moov.add(audioTrak(audio));
    int mvexAt = moov.length();
    mvex.add(mehd).add(trex(VIDEO_TRACK));
    if (audio != null) mvex.add(trex(AUDIO_TRACK));
    moov.add(mvex);
    byte[] ftypBytes = ftyp.bytes();
    byte[] moovBytes = moov.bytes();
    byte[] all = new byte[ftypBytes.length + moovBytes.length];
    System.arraycopy(ftypBytes, 0, all, 0, ftypBytes.length);
    System.arraycopy(moovBytes, 0, all, ftypBytes.length, moovBytes.length);
    // mvex's own header (8 bytes), then mehd's header fields come first inside it
    return new Header(all, ftypBytes.length + mvexAt + 8 + mehdFieldInMehd);
  }

  private static Box mvhd(int nextTrack) {
    return Box.full("mvhd", 0, 0).u32(0).u32(0).u32(TIMESCALE).u32(0).u32(0x00010000).u16(0x0100).zeros(10)
        .matrix().zeros(24).u32(nextTrack);
  }

  private static Box tkhd(int track, int volume, int width, int height) {
    return Box.full("tkhd", 0, 3).u32(0).u32(0).u32(track).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(volume).u16(0)
        .matrix().u32((long) width << 16).u32((long) height << 16);
  }

  private static Box mdia(String handler, String name, Box mediaHeader, Box sampleEntry) {
    Box hdlr = Box.full("hdlr", 0, 0).u32(0).ascii(handler).zeros(12).ascii(name).u8(0);
    Box dinf = Box.of("dinf").add(Box.full("dref", 0, 0).u32(1).add(Box.full("url ", 0, 1)));
    Box stbl = Box.of("stbl").add(Box.full("stsd", 0, 0).u32(1).add(sampleEntry))
        .add(Box.full("stts", 0, 0).u32(0)).add(Box.full("stsc", 0, 0).u32(0))
        .add(Box.full("stsz", 0, 0).u32(0).u32(0)).add(Box.full("stco", 0, 0).u32(0));
    Box mdhd = Box.full("mdhd", 0, 0).u32(0).u32(0).u32(TIMESCALE).u32(0).u16(0x55c4).u16(0); // language "und"
    return Box.of("mdia").add(mdhd).add(hdlr).add(Box.of("minf").add(mediaHeader).add(dinf).add(stbl));
  }

  private static Box videoTrak(CodecConfig video) {
    int[] size = CodecInfo.pictureSize(video);
    boolean hevc = video.codecId() == CodecConfig.HEVC;
    Box entry = Box.of(hevc ? "hvc1" : "avc1").zeros(6).u16(1).u16(0).u16(0).zeros(12).u16(size[0]).u16(size[1])
        .u32(0x00480000).u32(0x00480000).u32(0).u16(1).zeros(32).u16(0x0018).u16(0xffff)
        .add(Box.of(hevc ? "hvcC" : "avcC").bytes(video.record()));
    Box vmhd = Box.full("vmhd", 0, 1).u16(0).zeros(6);
    return Box.of("trak").add(tkhd(VIDEO_TRACK, 0, size[0], size[1])).add(mdia("vide", "VideoHandler", vmhd, entry));
  }

  private static Box audioTrak(CodecConfig audio) {
    int[] format = CodecInfo.audioFormat(audio);
    byte[] asc = audio.record();
    byte[] specific = descriptor(5, asc);
    byte[] decoderConfig = descriptor(4, concat(new byte[] {0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, specific));
    byte[] es = descriptor(3, concat(new byte[] {0, 0, 0}, concat(decoderConfig, descriptor(6, new byte[] {2}))));
    Box entry = Box.of("mp4a").zeros(6).u16(1).zeros(8).u16(format[1]).u16(16).u16(0).u16(0)
        .u32((long) format[0] << 16).add(Box.full("esds", 0, 0).bytes(es));
    Box smhd = Box.full("smhd", 0, 0).u16(0).u16(0);
    return Box.of("trak").add(tkhd(AUDIO_TRACK, 0x0100, 0, 0)).add(mdia("soun", "SoundHandler", smhd, entry));
  }

  private static byte[] descriptor(int tag, byte[] body) {
    // the four-byte length form, as FFmpeg writes it: every reader takes it
    int n = body.length;
    byte[] head = {(byte) tag, (byte) (0x80 | (n >> 21) & 0x7f), (byte) (0x80 | (n >> 14) & 0x7f),
        (byte) (0x80 | (n >> 7) & 0x7f), (byte) (n & 0x7f)};
    return concat(head, body);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Box trex(int track) {
    return Box.full("trex", 0, 0).u32(track).u32(1).u32(0).u32(0).u32(0);
  }

  /** One fragment: moof (one traf per track with samples), then mdat with video's samples, then audio's. */
  static byte[] fragment(int sequence, List<Sample> video, List<Sample> audio) {
    byte[] moof = moof(sequence, video, audio, 0);
    moof = moof(sequence, video, audio, moof.length + 8); // the offsets depend only on the moof's own length
    long payload = 0;
    for (Sample s : video) payload += s.packet().size();
    for (Sample s : audio) payload += s.packet().size();
    byte[] out = new byte[moof.length + 8 + (int) payload];
    System.arraycopy(moof, 0, out, 0, moof.length);
    int at = moof.length;
    long mdatSize = 8 + payload;
    out[at] = (byte) (mdatSize >> 24);
    out[at + 1] = (byte) (mdatSize >> 16);
    out[at + 2] = (byte) (mdatSize >> 8);
    out[at + 3] = (byte) mdatSize;
    out[at + 4] = 'm';
    out[at + 5] = 'd';
    out[at + 6] = 'a';
    out[at + 7] = 't';
    at += 8;
    for (List<Sample> track : List.of(video, audio)) {
      for (Sample s : track) {
        Packet p = s.packet();
        System.arraycopy(p.data(), p.offset(), out, at, p.size());
        at += p.size();
      }
    }
    return out;
  }

  private static byte[] moof(int sequence, List<Sample> video, List<Sample> audio, int dataStart) {
    Box moof = Box.of("moof").add(Box.full("mfhd", 0, 0).u32(sequence));
    long videoBytes = 0;
    for (Sample s : video) videoBytes += s.packet().size();
    if (!video.isEmpty()) moof.add(traf(VIDEO_TRACK, video, dataStart));
    if (!audio.isEmpty()) moof.add(traf(AUDIO_TRACK, audio, (int) (dataStart + videoBytes)));
    return moof.bytes();
  }

  private static Box traf(int track, List<Sample> samples, int dataOffset) {
    Box trun = Box.full("trun", 1, 0x000f01).u32(samples.size()).u32(dataOffset);
    for (Sample s : samples) {
      Packet p = s.packet();
      boolean sync = track != VIDEO_TRACK || p.keyframe();
      trun.u32(s.duration()).u32(p.size()).u32(sync ? SYNC : NOT_SYNC).u32(p.cts());
    }
    return Box.of("traf").add(Box.full("tfhd", 0, 0x020000).u32(track))
        .add(Box.full("tfdt", 1, 0).u64(samples.get(0).decodeTime())).add(trun);
  }
}
