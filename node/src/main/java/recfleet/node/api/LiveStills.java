package recfleet.node.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import recfleet.common.SourceSpec;
import recfleet.node.media.Packet;
import recfleet.node.record.LiveRings;
import recfleet.node.store.RoomStore;
import recfleet.node.upload.CoverMaker;
import recfleet.node.writer.FlvWriter;

/**
 * A JPEG of a live room as it is now. A room whose packets are copied is pictured from the newest
 * keyframe in its GOP ring: no second connection reaches the source (some serve one reader only,
 * and every connection counts against a platform's limits). A room that is encoded (lavfi, raw
 * frames) keeps no packets and is grabbed from its source. Blocking.
 */
final class LiveStills {
  private final RoomStore rooms;
  private final LiveRings rings;
  private final CoverMaker covers;
  private final Duration readTimeout;
  private final Path scratch;

  LiveStills(RoomStore rooms, LiveRings rings, CoverMaker covers, Duration readTimeout, Path scratch) {
    this.rooms = rooms;
    this.rings = rings;
    this.covers = covers;
    this.readTimeout = readTimeout;
    this.scratch = scratch;
  }

  byte[] picture(String room) throws IOException {
    Optional<Packet> keyframe = rings.newestKeyframe(room);
    if (keyframe.isPresent()) return fromKeyframe(keyframe.get());
    if (rings.ringOnly(room)) throw new IOException("no keyframe buffered yet");
    // an encoded room (lavfi, raw frames) has no packets to keep: its picture is grabbed
    String url = rooms.get(room).orElseThrow(() -> new IllegalStateException("room is gone")).sourceUrl();
    SourceSpec source = SourceSpec.parse(url);
    Map<String, String> options = source.network()
        ? Map.of("rw_timeout", String.valueOf(readTimeout.toNanos() / 1000)) : Map.of();
    return covers.cover(source.input(), source.format(), options);
  }

  /** The keyframe with its configuration as a one-frame FLV, decoded by the same cover maker as a file. */
  private byte[] fromKeyframe(Packet keyframe) throws IOException {
    Files.createDirectories(scratch);
    Path still = Files.createTempFile(scratch, "still-", ".flv");
    try {
      try (FlvWriter writer = new FlvWriter(still, true, false)) {
        writer.write(keyframe);
      }
      return covers.cover(still);
    } finally {
      Files.deleteIfExists(still);
    }
  }
}
