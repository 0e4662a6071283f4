package recfleet.node.writer;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;

/**
 * Holds one file's packets until they become a fragmented-MP4 fragment (moof + mdat). A sample's
 * duration is the time to the next sample of its track, so each track's newest packet is kept back
 * for the next fragment, unless the fragment ends at a known time (the next segment's keyframe) or
 * the file ends. Times are the file's own: the first packet's dts is zero. Only AAC audio goes into
 * MP4 (other FLV audio is left out, and said so once). Plain Java; one writer's thread.
 */
final class Fragmenter {
  private static final Logger log = LoggerFactory.getLogger(Fragmenter.class);
  private static final int DEFAULT_VIDEO_MS = 40;
  private static final int DEFAULT_AUDIO_MS = 23;

  private final String name;
  private final List<Packet> video = new ArrayList<>();
  private final List<Packet> audio = new ArrayList<>();
  private CodecConfig videoConfig;
  private CodecConfig audioConfig;
  private boolean headerMade;
  private boolean audioRefused;
  private long firstDts = Long.MIN_VALUE;
  private int sequence;
  private long endMillis;
  private int lastVideoDuration = DEFAULT_VIDEO_MS;
  private int lastAudioDuration = DEFAULT_AUDIO_MS;

  /** {@code name}: the file, for the log line about audio left out. */
  Fragmenter(String name) {
    this.name = name;
  }

  void add(Packet p) {
    if (firstDts == Long.MIN_VALUE) firstDts = p.dts();
    if (p.kind() == TrackKind.VIDEO) {
      if (videoConfig == null) videoConfig = p.config();
      video.add(p.retain());
    } else if (acceptsAudio(p)) {
      audio.add(p.retain());
    }
  }

  private boolean acceptsAudio(Packet p) {
    if (p.config().codecId() == CodecConfig.AAC) {
      if (audioConfig == null && !headerMade) audioConfig = p.config();
      return p.config().equals(audioConfig);
    }
    if (!audioRefused) {
      audioRefused = true;
      log.warn("{}: audio codec {} is not written to fMP4 (AAC only); the file has video only", name,
          p.config().codecId());
    }
    return false;
  }

  boolean hasVideo() {
    return videoConfig != null;
  }

  /** Video held, from its first packet's dts to {@code dts}: how long the fragment in making is. */
  long heldVideoMillis(long dts) {
    return video.isEmpty() ? 0 : dts - video.get(0).dts();
  }

  /** ftyp + moov, once the tracks are known (after the first fragment's packets). */
  Fmp4Boxes.Header header() {
    headerMade = true;
    return Fmp4Boxes.header(videoConfig, audioConfig);
  }

  /**
   * The packets held as one fragment, or null if none. {@code endsAt}: the dts the fragment ends at
   * (the next segment's first keyframe), so every packet goes; null keeps each track's newest back,
   * unless {@code last}.
   */
  byte[] fragment(Long endsAt, boolean last) {
    List<Fmp4Boxes.Sample> v = samples(video, endsAt, last, true);
    List<Fmp4Boxes.Sample> a = samples(audio, endsAt, last, false);
    if (v.isEmpty() && a.isEmpty()) return null;
    byte[] bytes = Fmp4Boxes.fragment(++sequence, v, a);
    for (Fmp4Boxes.Sample s : v) s.packet().release(); // copied into the part: the payloads may go back
    for (Fmp4Boxes.Sample s : a) s.packet().release();
    return bytes;
  }

  private List<Fmp4Boxes.Sample> samples(List<Packet> held, Long endsAt, boolean last, boolean isVideo) {
    int count = endsAt != null || last ? held.size() : Math.max(0, held.size() - 1);
    List<Fmp4Boxes.Sample> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Packet p = held.get(i);
      int duration;
      if (i + 1 < held.size()) {
        duration = (int) Math.max(0, held.get(i + 1).dts() - p.dts());
      } else if (endsAt != null && isVideo) {
        duration = (int) Math.max(0, endsAt - p.dts());
      } else {
        duration = isVideo ? lastVideoDuration : lastAudioDuration;
      }
      if (isVideo) lastVideoDuration = duration;
      else lastAudioDuration = duration;
      long decodeTime = Math.max(0, p.dts() - firstDts);
      endMillis = Math.max(endMillis, decodeTime + duration);
      out.add(new Fmp4Boxes.Sample(p, decodeTime, duration));
    }
    held.subList(0, count).clear();
    return out;
  }

  /** Media in the fragments made so far, in ms of the file's time. */
  long endMillis() {
    return endMillis;
  }
}
