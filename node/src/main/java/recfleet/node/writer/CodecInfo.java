package recfleet.node.writer;

import recfleet.node.media.CodecConfig;
import recfleet.node.media.Rbsp;

/**
 * What a container's sample entry must say that only the codec's configuration knows: the picture
 * size from an AVC sequence parameter set (ITU-T H.264, 7.3.2.1.1), the sample rate and channel
 * count from an AAC AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1).
 */
final class CodecInfo {
  private static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
      11025, 8000, 7350};

  private CodecInfo() {}

  /** {width, height}; {0, 0} when the record cannot be read (HEVC, or a record this reader does not know). */
  static int[] pictureSize(CodecConfig video) {
    if (video.codecId() != CodecConfig.AVC) return new int[] {0, 0};
    try {
      byte[] avcc = video.record();
      int spsLength = ((avcc[6] & 0xff) << 8) | (avcc[7] & 0xff);
      byte[] sps = Rbsp.of(avcc, 8, spsLength);
      return spsSize(new BitReader(sps));
    } catch (RuntimeException e) {
      return new int[] {0, 0};
    }
  }

  private static int[] spsSize(BitReader r) {
    r.bits(8); // NAL header
    int profile = r.bits(8);
    r.bits(16); // constraint flags, level
    r.ue(); // seq_parameter_set_id
    int chromaFormat = 1;
    if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
        || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139 || profile == 134) {
      chromaFormat = r.ue();
      if (chromaFormat == 3) r.bits(1);
      r.ue();
      r.ue();
      r.bits(1);
      if (r.bits(1) == 1) {
        for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
          if (r.bits(1) == 1) skipScalingList(r, i < 6 ? 16 : 64);
        }
      }
    }
    r.ue(); // log2_max_frame_num
    int pocType = r.ue();
    if (pocType == 0) {
      r.ue();
    } else if (pocType == 1) {
      r.bits(1);
      r.se();
      r.se();
      int n = r.ue();
      for (int i = 0; i < n; i++) r.se();
    }
    r.ue(); // max_num_ref_frames
    r.bits(1);
    int widthMbs = r.ue() + 1;
    int heightMapUnits = r.ue() + 1;
    int frameMbsOnly = r.bits(1);
    if (frameMbsOnly == 0) r.bits(1);
    r.bits(1);
    int width = widthMbs * 16;
    int height = (2 - frameMbsOnly) * heightMapUnits * 16;
    if (r.bits(1) == 1) { // frame cropping
      int left = r.ue();
      int right = r.ue();
      int top = r.ue();
      int bottom = r.ue();
      int cropX = chromaFormat == 0 || chromaFormat == 3 ? 1 : 2;
      int cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
      width -= (left + right) * cropX;
      height -= (top + bottom) * cropY;
    }
    return new int[] {width, height};
  }

  private static void skipScalingList(BitReader r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) next = (last + r.se() + 256) % 256;
      last = next == 0 ? last : next;
    }
  }

  /** {sampleRate, channels} of an AAC AudioSpecificConfig; {44100, 2} if it cannot be read. */
  static int[] audioFormat(CodecConfig audio) {
    byte[] asc = audio.record();
    if (asc.length < 2) return new int[] {44100, 2};
    int index = ((asc[0] & 0x07) << 1) | ((asc[1] & 0xff) >> 7);
    int channels = ((asc[1] & 0xff) >> 3) & 0x0f;
    int rate = index < AAC_RATES.length ? AAC_RATES[index] : 44100;
    return new int[] {rate, channels == 0 ? 2 : channels};
  }

  /** Reads bits and Exp-Golomb codes, most significant bit first. */
  private static final class BitReader {
    private final byte[] b;
    private int bit;

    BitReader(byte[] b) {
      this.b = b;
    }

    int bits(int n) {
      int v = 0;
      for (int i = 0; i < n; i++) {
        if (bit >= b.length * 8) throw new IllegalArgumentException("SPS too short");
        v = (v << 1) | ((b[bit >> 3] >> (7 - (bit & 7))) & 1);
        bit++;
      }
      return v;
    }

    int ue() {
      int zeros = 0;
      while (bits(1) == 0) {
        if (++zeros > 31) throw new IllegalArgumentException("bad Exp-Golomb code");
      }
      return (1 << zeros) - 1 + bits(zeros);
    }

    int se() {
      int k = ue();
      return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
  }
}
