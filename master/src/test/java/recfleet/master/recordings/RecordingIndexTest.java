package recfleet.master.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;
import recfleet.master.store.MasterStore;

/**
 * The fleet's recordings index against a real H2, fed the events nodes send, and the overlap rule:
 * a file written under an older epoch while another node wrote the room under a newer one.
 */
class RecordingIndexTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  @TempDir
  Path dir;

  @Test
  void a_cut_off_writer_that_went_on_after_the_move_is_one_episode_with_all_its_files_and_one_that_stopped_is_none() {
    try (MasterStore store = MasterStore.open(dir)) {
      RecordingIndex index = store.recordings();
      // room1 moved from node-a (epoch 3) to node-b (epoch 4) at +10 s; node-a, cut off, recorded on
      // (keep) in 4 s segments until the link came back at +25 s
      index.take(closed("node-a", "room1", "rec-a0", 3, T0.minusSeconds(4), T0), T0);
      index.take(opening("node-b", "room1", "rec-b1", 4, T0.plusSeconds(10)), T0.plusSeconds(10));
      for (int i = 1; i <= 6; i++) {
        index.take(closed("node-a", "room1", "rec-a" + i, 3, T0.plusSeconds(4L * (i - 1)), T0.plusSeconds(4L * i)),
            T0.plusSeconds(26));
      }
      var episode = Overlaps.episode("node-a", 3, index.ofRoom("room1"), T0.plusSeconds(30)).orElseThrow();
      assertEquals(List.of("rec-a3", "rec-a4", "rec-a5", "rec-a6"),
          episode.staleFiles().stream().map(FleetRecording::recordingId).toList(), "rec-a0..2 ended before the move");
      assertEquals(List.of("rec-b1"), episode.currentFiles().stream().map(FleetRecording::recordingId).toList());
      RecfleetEvent event = OverlapEvents.of(episode);
      assertEquals(14.0, event.data("OverlapSeconds"), "from the move (+10 s) to node-a's last write (+24 s)");
      assertEquals(OverlapEvents.of(Overlaps.episode("node-a", 3, index.ofRoom("room1"), T0.plusSeconds(40))
          .orElseThrow()).eventId(), event.eventId(), "one id per episode");
      // the newer writer is never the stale side
      assertTrue(Overlaps.episode("node-b", 4, index.ofRoom("room1"), T0.plusSeconds(30)).isEmpty());

      // node-c stopped writing (pause) before room2 moved: no overlap
      index.take(opening("node-b", "room2", "rec-b2", 6, T0.plusSeconds(10)), T0.plusSeconds(10));
      index.take(closed("node-c", "room2", "rec-c2", 5, T0, T0.plusSeconds(4)), T0.plusSeconds(30));
      assertTrue(Overlaps.episode("node-c", 5, index.ofRoom("room2"), T0.plusSeconds(30)).isEmpty());
    }
  }

  @Test
  void a_recording_moves_only_forward_and_lists_with_where_it_is_stored() {
    try (MasterStore store = MasterStore.open(dir)) {
      RecordingIndex index = store.recordings();
      index.take(closed("node-a", "room1", "rec-1", 2, T0, T0.plusSeconds(5)), T0);
      Map<String, Object> up = data("room1", "rec-1");
      up.put("RelativePath", "room1/room1-1.mp4");
      up.put("FileSize", 1234);
      up.put("CoverPath", "covers/room1-1.jpg");
      index.take(event(EventType.UpEnded, "node-a", up), T0.plusSeconds(6));
      // a FileClosed repeated late (a node's backlog) does not take it back to CLOSED
      FleetRecording after = index.take(closed("node-a", "room1", "rec-1", 2, T0, T0.plusSeconds(5)),
          T0.plusSeconds(7)).orElseThrow();
      assertEquals(FleetRecording.STORED, after.state());
      assertEquals("room1/room1-1.mp4", after.storedPath());
      assertEquals(1234L, after.fileSize());
      assertEquals(List.of("rec-1"), index.list("room1", "node-a", 10).stream().map(FleetRecording::recordingId).toList());
      assertTrue(index.list("room1", "node-b", 10).isEmpty());
      assertTrue(index.take(event(EventType.NodeUp, "node-a", Map.of()), T0).isEmpty(), "not about a recording");
    }
  }

  private static RecfleetEvent opening(String node, String room, String rec, long epoch, Instant at) {
    Map<String, Object> d = data(room, rec);
    d.put("FileOpenTime", at.atOffset(ZoneOffset.UTC).toString());
    d.put("Epoch", epoch);
    return event(EventType.FileOpening, node, d);
  }

  private static RecfleetEvent closed(String node, String room, String rec, long epoch, Instant from, Instant to) {
    Map<String, Object> d = data(room, rec);
    d.put("FileOpenTime", from.atOffset(ZoneOffset.UTC).toString());
    d.put("LastWriteTime", to.atOffset(ZoneOffset.UTC).toString());
    d.put("FileSize", 1000);
    d.put("Duration", 5.0);
    d.put("Epoch", epoch);
    return event(EventType.FileClosed, node, d);
  }

  private static Map<String, Object> data(String room, String rec) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("RoomId", room);
    d.put("RecordingId", rec);
    d.put("RelativePath", room + "/" + rec + ".flv");
    return d;
  }

  private static RecfleetEvent event(EventType type, String node, Map<String, Object> data) {
    return new RecfleetEvent(type, T0.atOffset(ZoneOffset.UTC).toString(), UUID.randomUUID(), node, data);
  }
}
