package recfleet.master.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.json.Jsons;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.master.store.FleetSnapshot;
import recfleet.master.store.MasterStore;

/**
 * The benchmark's placement run: {@code ROOMS NODES ROUNDS}. Each round builds a fleet of NODES
 * simulated nodes (mixed capacity, CPU and disk), adds ROOMS rooms one by one as the API would,
 * and times the decisions, then stores every placement in a real H2 (one transaction) and times
 * that too. Prints one {@code RESULT {json}} line with the best round.
 */
public final class PlacementCli {
  private static final Logger log = LoggerFactory.getLogger(PlacementCli.class);

  private PlacementCli() {}

  public static void main(String[] args) throws Exception {
    int rooms = Integer.parseInt(args[0]);
    int nodeCount = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    long bestDecideNs = Long.MAX_VALUE;
    long bestStoreNs = Long.MAX_VALUE;
    int maxPerNode = 0;
    int minPerNode = Integer.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      Fleet fleet = new Fleet(Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofSeconds(120));
      for (int i = 0; i < nodeCount; i++) {
        String id = "node-" + i;
        int capacity = 150 + (i % 4) * 50; // 150..300: room for 10,000 on 100 nodes
        fleet.hello(new NodeHello(id, null, 1, "10.0.0." + i + ":8100", List.of(), capacity, null, List.of()),
            "reverse");
        fleet.heartbeat(new NodeHeartbeat(id, "10.0.0." + i + ":8100", 2, System.currentTimeMillis(),
            (i % 10) / 10.0, 1, 2, (long) (i % 7) << 30, 0, 0, capacity, List.of()));
      }
      List<WantedRoom> wanted = new ArrayList<>(rooms);
      for (int r = 0; r < rooms; r++) {
        wanted.add(new WantedRoom("room" + r, "rtmp://src.example/live/" + r, Map.of(), null, null, Instant.now()));
      }
      long t0 = System.nanoTime();
      for (WantedRoom room : wanted) fleet.add(room);
      long decideNs = System.nanoTime() - t0;
      if (fleet.placements().size() != rooms) throw new IllegalStateException("not every room was placed");

      Path dir = Files.createTempDirectory("recfleet-placement-");
      try (MasterStore store = MasterStore.open(dir)) {
        var snapshot = new FleetSnapshot(wanted, List.of(),
            fleet.placements().stream().map(FleetSnapshot.PlacementRow::of).toList(), List.of(),
            fleet.nodes().stream().map(FleetSnapshot.NodeRow::of).toList(), fleet.lastEpoch(), List.of());
        long t1 = System.nanoTime();
        store.save(snapshot);
        bestStoreNs = Math.min(bestStoreNs, System.nanoTime() - t1);
      } finally {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      bestDecideNs = Math.min(bestDecideNs, decideNs);
      for (FleetNode n : fleet.nodes()) {
        maxPerNode = Math.max(maxPerNode, n.assigned());
        minPerNode = Math.min(minPerNode, n.assigned());
      }
      log.info("round {}: {} rooms on {} nodes decided in {} ms", round + 1, rooms, nodeCount, decideNs / 1_000_000);
    }
    Map<String, Object> result = Map.of("rooms", rooms, "nodes", nodeCount, "rounds", rounds,
        "decideMs", bestDecideNs / 1e6, "storeMs", bestStoreNs / 1e6,
        "minRoomsPerNode", minPerNode, "maxRoomsPerNode", maxPerNode);
    log.info("RESULT {}", Jsons.write(result));
  }
}
