package recfleet.node.media;

import java.io.ByteArrayOutputStream;

/**
 * The HEVC decoder configuration record (ISO/IEC 14496-15, 8.3.3.1) built from a stream's VPS, SPS
 * and PPS, for HEVC that arrives in Annex B form (RTSP cameras). The profile, tier and level come
 * from the SPS's profile_tier_level; chroma format and bit depths are written as 4:2:0 8-bit,
 * fields decoders take from the SPS itself.
 */
public final class HevcConfig {
  private static final int VPS = 32;
  private static final int SPS = 33;
  private static final int PPS = 34;

  private HevcConfig() {}

  /** The record, or null if a VPS, SPS or PPS is missing among the units. */
  public static byte[] fromAnnexB(byte[] annexB) {
    byte[][] sets = new byte[3][];
    for (byte[] unit : AnnexB.units(annexB)) {
      if (unit.length < 2) continue;
      int type = (unit[0] >> 1) & 0x3f;
      if (type >= VPS && type <= PPS && sets[type - VPS] == null) sets[type - VPS] = unit;
    }
    if (sets[0] == null || sets[1] == null || sets[2] == null) return null;
    byte[] sps = Rbsp.of(sets[1], 0, sets[1].length);
    if (sps.length < 15) return null;
    int maxSubLayers = ((sps[2] >> 1) & 0x07) + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    out.write(sps, 3, 12); // general profile space/tier/idc, compatibility flags, constraint flags, level
    out.writeBytes(new byte[] {(byte) 0xf0, 0, (byte) 0xfc, (byte) 0xfd, (byte) 0xf8, (byte) 0xf8, 0, 0});
    out.write((maxSubLayers << 3) | 0x04 | 0x03); // temporal layers, nested, 4-byte lengths
    out.write(3);
    for (int i = 0; i < 3; i++) {
      byte[] unit = sets[i];
      out.write(0x80 | (VPS + i));
      out.writeBytes(new byte[] {0, 1, (byte) (unit.length >> 8), (byte) unit.length});
      out.writeBytes(unit);
    }
    return out.toByteArray();
  }
}
