package recfleet.node.media;

/**
 * AAC in ADTS frames (MPEG-TS, HLS) turned into what FLV and MP4 carry: the raw frame, and an
 * AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1) from the header's profile, rate and channels.
 */
public final class Adts {
  private Adts() {}

  public static boolean isAdts(byte[] b) {
    return b.length >= 7 && (b[0] & 0xff) == 0xff && (b[1] & 0xf6) == 0xf0;
  }

  /** The header's length: 7 bytes, 9 with a CRC. */
  public static int headerLength(byte[] b) {
    return (b[1] & 0x01) == 0 ? 9 : 7;
  }

  /** The two-byte AudioSpecificConfig the header describes. */
  public static byte[] audioSpecificConfig(byte[] b) {
    int objectType = ((b[2] & 0xff) >> 6) + 1;
    int rateIndex = ((b[2] & 0xff) >> 2) & 0x0f;
    int channels = ((b[2] & 0x01) << 2) | ((b[3] & 0xff) >> 6);
    return new byte[] {(byte) ((objectType << 3) | (rateIndex >> 1)), (byte) (((rateIndex & 1) << 7) | (channels << 3))};
  }
}
