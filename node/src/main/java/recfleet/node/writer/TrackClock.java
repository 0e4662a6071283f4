package recfleet.node.writer;

import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;

/**
 * Keeps each track's decode times rising within a file, as MP4 requires (the transcode stage's remux
 * refuses a file that steps back: EINVAL). FFmpeg's RTSP demuxer steps a track back when the first
 * RTCP sender report re-syncs it, by up to a few hundred ms; the segment cutter breaks the file only
 * for a step of more than a second. A smaller step (or a repeat) is written 1 ms after the track's
 * last packet, so the packets that follow close up to the corrected timeline instead of being lost.
 */
public final class TrackClock {
  private long lastVideo = Long.MIN_VALUE;
  private long lastAudio = Long.MIN_VALUE;

  /** The packet, or the same media 1 ms after its track's last one when it would step back. */
  public Packet inOrder(Packet p) {
    boolean video = p.kind() == TrackKind.VIDEO;
    long last = video ? lastVideo : lastAudio;
    Packet out = last != Long.MIN_VALUE && p.dts() <= last ? p.at(last + 1) : p;
    if (video) lastVideo = out.dts();
    else lastAudio = out.dts();
    return out;
  }

  /** A new file: its tracks start afresh. */
  public void reset() {
    lastVideo = Long.MIN_VALUE;
    lastAudio = Long.MIN_VALUE;
  }
}
