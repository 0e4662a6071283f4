package recfleet.master.recordings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which files of one room two nodes wrote at the same time. Pure: the master feeds it what its
 * recordings index holds. An overlap is an episode: a node that went on recording a room under an
 * older epoch (cut off from the master) while another node recorded it under a newer one. It is
 * judged when the stale node lets the room go, so every file it wrote meanwhile is known.
 */
public final class Overlaps {
  private Overlaps() {}

  /** The stale node's files and the newer writers' files that overlap them, and for how long in all. */
  public record Episode(String roomId, String staleNode, long staleEpoch, List<FleetRecording> staleFiles,
                        List<FleetRecording> currentFiles, Duration overlap) {}

  /**
   * The episode of {@code staleNode} writing {@code roomFiles}' room under {@code staleEpoch}, if it
   * overlapped a newer writer; files still being written count up to {@code now}.
   */
  public static Optional<Episode> episode(String staleNode, long staleEpoch, List<FleetRecording> roomFiles,
                                          Instant now) {
    List<FleetRecording> stale = roomFiles.stream()
        .filter(f -> f.nodeId().equals(staleNode) && f.epoch() != null && f.epoch() == staleEpoch
            && f.openedAt() != null).toList();
    List<FleetRecording> newer = roomFiles.stream()
        .filter(f -> !f.nodeId().equals(staleNode) && f.epoch() != null && f.epoch() > staleEpoch
            && f.openedAt() != null).toList();
    List<FleetRecording> staleHit = new ArrayList<>();
    List<FleetRecording> currentHit = new ArrayList<>();
    Duration total = Duration.ZERO;
    for (FleetRecording s : stale) {
      for (FleetRecording c : newer) {
        Duration both = overlap(s, c, now);
        if (both.isZero()) continue;
        total = total.plus(both); // a node's own files follow one another, so the newer ones never count twice
        if (!staleHit.contains(s)) staleHit.add(s);
        if (!currentHit.contains(c)) currentHit.add(c);
      }
    }
    if (staleHit.isEmpty()) return Optional.empty();
    currentHit.sort(Comparator.comparing(FleetRecording::openedAt));
    String room = stale.get(0).roomId();
    return Optional.of(new Episode(room, staleNode, staleEpoch, staleHit, currentHit, total));
  }

  /** How long both were written at once (zero when they do not overlap). */
  public static Duration overlap(FleetRecording a, FleetRecording b, Instant now) {
    Instant from = a.openedAt().isAfter(b.openedAt()) ? a.openedAt() : b.openedAt();
    Instant aUntil = a.writtenUntil(now);
    Instant bUntil = b.writtenUntil(now);
    Instant to = aUntil.isBefore(bUntil) ? aUntil : bUntil;
    return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
  }
}
