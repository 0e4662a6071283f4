package recfleet.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;
import recfleet.master.fleet.WantedRoom;

/** The master's store against a real H2 file: what is saved loads back, and old events go. */
class MasterStoreTest {
  @TempDir
  Path dir;

  @Test
  void rooms_nodes_placements_and_the_epoch_load_back_and_old_events_are_pruned() {
    var old = new RecfleetEvent(EventType.NodeDown, OffsetDateTime.now(ZoneOffset.UTC).minusDays(40).toString(),
        UUID.randomUUID(), "node-1", Map.of("Reason", "silent"));
    var fresh = RecfleetEvent.of(EventType.RoomAssigned, "node-1", Map.of("RoomId", "r1", "Epoch", 7));
    var room = new WantedRoom("r1", "rtmp://h/live/r1", Map.of("crf", 20), null, "gpu", Instant.now());
    var node = new FleetSnapshot.NodeRow("node-1", "reverse", "10.0.0.1:8100", List.of("gpu", "eu"), 40, true, "UP",
        System.currentTimeMillis());
    try (MasterStore store = MasterStore.open(dir)) {
      store.save(new FleetSnapshot(List.of(room), List.of(), List.of(new FleetSnapshot.PlacementRow("r1", "node-1", 7,
          System.currentTimeMillis())), List.of(), List.of(node), 9, List.of(old, fresh)));
    }
    try (MasterStore store = MasterStore.open(dir)) {
      var loaded = store.load();
      assertEquals(1, loaded.rooms().size());
      assertEquals(Map.of("crf", 20), loaded.rooms().get(0).options());
      assertEquals("gpu", loaded.rooms().get(0).pinLabel());
      assertEquals(List.of("gpu", "eu"), loaded.nodes().get(0).labels());
      assertEquals(true, loaded.nodes().get(0).drained());
      assertEquals(7, loaded.placements().get(0).epoch());
      assertEquals(9, loaded.lastEpoch());
      assertEquals(2, store.recentEvents(10).size());
      assertEquals(1, store.pruneEvents(Instant.now().minusSeconds(30L * 86_400)));
      assertEquals(List.of("RoomAssigned"), store.recentEvents(10).stream().map(MasterStore.LoggedEvent::type).toList());
    }
  }
}
