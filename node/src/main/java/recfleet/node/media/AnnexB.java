package recfleet.node.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 as RTSP, MPEG-TS and raw streams carry it (Annex B: NAL units after 00 00 01 start codes)
 * turned into what FLV and MP4 carry (NAL units after a 4-byte length), and the decoder
 * configuration record (ISO/IEC 14496-15, 5.3.3.1) built from its SPS and PPS.
 */
public final class AnnexB {
  private static final int SPS = 7;
  private static final int PPS = 8;

  private AnnexB() {}

  /** Whether the bytes start with a start code (00 00 01 or 00 00 00 01). */
  public static boolean isAnnexB(byte[] b) {
    return b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] == 1 || b[2] == 0 && b[3] == 1);
  }

  /** The NAL units between start codes. */
  public static List<byte[]> units(byte[] b) {
    List<byte[]> out = new ArrayList<>();
    int start = -1;
    int i = 0;
    while (i + 2 < b.length) {
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        if (start >= 0) out.add(trimZeros(b, start, i));
        i += 3;
        start = i;
      } else {
        i++;
      }
    }
    if (start >= 0 && start < b.length) out.add(java.util.Arrays.copyOfRange(b, start, b.length));
    return out;
  }

  /** Units before a 4-byte start code end with the code's leading zero: it is not theirs. */
  private static byte[] trimZeros(byte[] b, int from, int to) {
    int end = to;
    while (end > from && b[end - 1] == 0) end--;
    return java.util.Arrays.copyOfRange(b, from, end);
  }

  /** The units, each after its 4-byte length. */
  public static byte[] toLengthPrefixed(byte[] annexB) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(annexB.length + 16);
    for (byte[] unit : units(annexB)) {
      if (unit.length == 0) continue;
      out.write(unit.length >>> 24);
      out.write(unit.length >>> 16);
      out.write(unit.length >>> 8);
      out.write(unit.length);
      out.writeBytes(unit);
    }
    return out.toByteArray();
  }

  /** The AVC decoder configuration record from the first SPS and PPS among the units, or null if either is missing. */
  public static byte[] avcConfiguration(byte[] annexB) {
    byte[] sps = null;
    byte[] pps = null;
    for (byte[] unit : units(annexB)) {
      if (unit.length == 0) continue;
      int type = unit[0] & 0x1f;
      if (type == SPS && sps == null && unit.length >= 4) sps = unit;
      if (type == PPS && pps == null) pps = unit;
    }
    if (sps == null || pps == null) return null;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {1, sps[1], sps[2], sps[3], (byte) 0xff, (byte) 0xe1});
    out.write(sps.length >> 8);
    out.write(sps.length);
    out.writeBytes(sps);
    out.write(1);
    out.write(pps.length >> 8);
    out.write(pps.length);
    out.writeBytes(pps);
    return out.toByteArray();
  }
}
