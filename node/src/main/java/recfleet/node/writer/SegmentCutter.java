package recfleet.node.writer;

import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;

/**
 * Decides, packet by packet, where one room's segments begin and end, so that no output is ever
 * corrupt: a segment starts on a video keyframe; it is cut by the split rule; a new codec
 * configuration (a new resolution, a new AVC record) or a timestamp that jumps or runs back (a
 * publisher that restarted from zero) ends it, and what comes until the next keyframe, which cannot
 * be decoded on its own, is dropped. Pure: no I/O, no clock.
 */
public final class SegmentCutter {
  /** What to do with a packet. */
  public enum Step {
    /** Write it into the open segment. */
    WRITE,
    /** Close the open segment (if any), open a new one, write it first. */
    CUT,
    /** Not writable yet: no keyframe since the start or since a break. */
    DROP
  }

  /** A jump back by more than this, or forward by more than {@link #MAX_FORWARD_MS}, is a break. */
  static final long MAX_BACK_MS = 1000;
  static final long MAX_FORWARD_MS = 10_000;

  private final SplitRule rule;
  private boolean open;
  private boolean broken;
  private String breakReason;
  private long firstDts;
  private long bytes;
  private CodecConfig video;
  private CodecConfig audio;
  private long lastVideoDts = Long.MIN_VALUE;
  private long lastAudioDts = Long.MIN_VALUE;

  public SegmentCutter(SplitRule rule) {
    this.rule = rule;
  }

  public Step next(Packet p) {
    if (open && !broken) checkBreak(p);
    if (p.startsGop() && (!open || broken || rule.due(p.dts() - firstDts, bytes))) {
      start(p);
      return Step.CUT;
    }
    if (!open || broken) return Step.DROP;
    if (p.kind() == TrackKind.AUDIO && audio == null) audio = p.config(); // audio that began after the keyframe
    track(p);
    return Step.WRITE;
  }

  /** Why the last segment ended early (a new configuration, a timestamp jump), or null: by the rule or a stop. */
  public String breakReason() {
    return breakReason;
  }

  /** The open segment was closed from outside (the source dropped): the next keyframe starts a new one. */
  public void reset() {
    open = false;
    broken = false;
  }

  private void checkBreak(Packet p) {
    boolean isVideo = p.kind() == TrackKind.VIDEO;
    CodecConfig known = isVideo ? video : audio;
    long last = Math.max(lastVideoDts, lastAudioDts); // one clock for both tracks: their skew stays well under 1 s
    if (known != null && !known.equals(p.config())) {
      breakReason = "the " + p.kind().name().toLowerCase(java.util.Locale.ROOT) + " configuration changed";
      broken = true;
    } else if (last != Long.MIN_VALUE && (p.dts() < last - MAX_BACK_MS || p.dts() > last + MAX_FORWARD_MS)) {
      breakReason = "the timestamps jumped from " + last + " to " + p.dts() + " ms";
      broken = true;
    }
  }

  private void start(Packet keyframe) {
    if (!broken) breakReason = null;
    open = true;
    broken = false;
    firstDts = keyframe.dts();
    bytes = 0;
    video = keyframe.config();
    audio = null;
    lastAudioDts = Long.MIN_VALUE;
    lastVideoDts = Long.MIN_VALUE;
    track(keyframe);
  }

  private void track(Packet p) {
    bytes += p.size();
    if (p.kind() == TrackKind.VIDEO) lastVideoDts = p.dts();
    else lastAudioDts = p.dts();
  }
}
