package recfleet.node.media;

import java.util.Objects;

/**
 * One coded frame, the same for every ingest and every writer: its track, decode time and
 * composition offset in milliseconds (presentation = dts + cts), whether it starts a GOP, the codec
 * configuration it decodes with, and its payload as the codec defines it (AVC/HEVC: length-prefixed
 * NAL units; AAC: one raw frame). Writers never see where a packet came from.
 */
public record Packet(TrackKind kind, long dts, int cts, boolean keyframe, CodecConfig config, byte[] payload) {
  public Packet {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(payload, "payload");
  }

  public long pts() {
    return dts + cts;
  }

  public int size() {
    return payload.length;
  }

  /** A video keyframe: where a recording, a pre-roll or a split may start. */
  public boolean startsGop() {
    return kind == TrackKind.VIDEO && keyframe;
  }
}
