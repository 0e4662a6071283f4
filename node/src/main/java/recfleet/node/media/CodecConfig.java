package recfleet.node.media;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * How to decode a track: its codec (numbered as FLV numbers them: 7 AVC, 12 HEVC, 10 AAC, 2 MP3) and
 * its decoder configuration (the AVC/HEVC decoder configuration record, the AAC AudioSpecificConfig;
 * empty for codecs without one). {@code audioFlags} is FLV's first audio byte (rate, size, channels),
 * kept so a copy is exact. A change of configuration mid-stream starts a new segment.
 */
public record CodecConfig(TrackKind kind, int codecId, int audioFlags, byte[] record) {
  public static final int AVC = 7;
  public static final int HEVC = 12;
  public static final int AAC = 10;

  public CodecConfig {
    record = record == null ? new byte[0] : record.clone();
  }

  /** The configuration record; a copy, so a packet's config cannot be changed under it. */
  @Override
  public byte[] record() {
    return record.clone();
  }

  /** Whether a configuration record is known (an AAC stream from MPEG-TS learns it from its first frame). */
  public boolean hasRecord() {
    return record.length > 0;
  }

  /** Whether the codec carries a decoder configuration in a sequence header (AVC, HEVC, AAC). */
  public boolean hasSequenceHeader() {
    return codecId == AVC || codecId == HEVC || codecId == AAC;
  }

  @Override
  public boolean equals(Object o) {
    // asked for every packet; the packets of one stream share one instance, so identity answers first
    if (o == this) return true;
    return o instanceof CodecConfig c && c.kind == kind && c.codecId == codecId && c.audioFlags == audioFlags
        && Arrays.equals(c.record, record);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.hashCode() + codecId) + Arrays.hashCode(record);
  }

  @Override
  public String toString() {
    return "CodecConfig[" + kind + " codec " + codecId + ", " + record.length + " byte(s) "
        + HexFormat.of().formatHex(record, 0, Math.min(8, record.length)) + "]";
  }
}
