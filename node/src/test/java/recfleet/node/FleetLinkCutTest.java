package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.FleetRig;
import recfleet.common.testing.Poll;

/**
 * A network cut between a node and its master: the master's subscribers must still learn of
 * every file the node closed meanwhile. One master, one node that dials it (reverse mode)
 * through a relay the test cuts, real RTMP.
 */
class FleetLinkCutTest {
  private static final Logger log = LoggerFactory.getLogger(FleetLinkCutTest.class);
  /** What the node says on its own stream but is not kept for the master: stale as soon as raised. */
  private static final Set<String> NOT_KEPT = Set.of("heartbeat", "IsTranscode", "IsUp");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void events_a_node_raises_while_its_link_is_cut_reach_the_masters_subscribers_once_it_is_back() throws Exception {
    // pause: the lease running out closes the segment, which gives the node events to keep while cut off
    try (FleetRig rig = FleetRig.startReverseThroughLink(dir, List.of("node-a"),
        java.util.Map.of("RECFLEET_LINK_WHEN_MASTER_LOST", "pause"))) {
      rig.addRooms(List.of("cut1"));
      rig.awaitAllRecording(Duration.ofSeconds(60), "cut1 recording");
      Path nodeLog = rig.nodeDir("node-a").resolve("node-1.log");
      try (EventClient atNode = EventClient.connect(rig.node("node-a").port())) {
        rig.masterLink().cut();
        Poll.until(Duration.ofSeconds(30), "node-a to notice the cut", () ->
            Files.readString(nodeLog).contains("closed; dialling again"));
        int from = atNode.all().size(); // from here on the node has no link: what it raises must wait
        atNode.await(Duration.ofSeconds(30), "node-a closing a segment while cut off", all ->
            all.subList(from, all.size()).stream().anyMatch(e -> EventClient.type(e).equals("FileClosed")));
        List<JsonObject> raised = atNode.all().subList(from, atNode.all().size()).stream()
            .filter(e -> !NOT_KEPT.contains(EventClient.type(e))).toList();
        Set<String> raisedIds = raised.stream().map(e -> e.getString("EventId")).collect(Collectors.toSet());
        Set<String> seenByMasterBefore = ids(rig.events().all());
        assertTrue(raisedIds.stream().noneMatch(seenByMasterBefore::contains),
            "nothing the node raised while cut off reached the master before the link was mended");
        log.info("LINK CUT: node-a raised {} while cut off", raised.stream().map(EventClient::type).toList());

        rig.masterLink().mend();
        rig.events().await(Duration.ofSeconds(60), "the master relaying every event node-a raised while cut off",
            all -> ids(all).containsAll(raisedIds));
        List<JsonObject> relayed = rig.events().all().stream()
            .filter(e -> raisedIds.contains(e.getString("EventId"))).toList();
        // Events raised on different threads (the room's recording task, a stage worker) have no order
        // between them: two subscribers of the node's bus (its /ws, the link) may see them interleaved
        // differently. What one thread raises keeps its order: compare each thread's events on their own.
        for (String thread : List.of("recorder", "transcode", "upload", "notify")) {
          assertEquals(ids(raised, thread), ids(relayed, thread), "relayed in the order raised, " + thread + " events");
        }
        assertFalse(Files.readString(nodeLog).contains("were dropped"), "nothing dropped from the backlog");
        Poll.until(Duration.ofSeconds(10), "node-a saying it sent its backlog", () ->
            Files.readString(nodeLog).contains("event(s) raised while the link was down"));
      }
    }
  }

  /** The ids, in order, of the events raised by one thread of the node. */
  private static List<String> ids(List<JsonObject> events, String thread) {
    return events.stream().filter(e -> raisedBy(EventClient.type(e)).equals(thread))
        .map(e -> e.getString("EventId")).toList();
  }

  private static String raisedBy(String type) {
    if (type.startsWith("Transcode") || type.equals("IsTranscode")) return "transcode";
    if (type.startsWith("Up") || type.equals("IsUp") || type.equals("RecordingEvicted")) return "upload";
    if (type.startsWith("Notify")) return "notify";
    return "recorder";
  }

  private static Set<String> ids(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("EventId")).collect(Collectors.toSet());
  }
}
