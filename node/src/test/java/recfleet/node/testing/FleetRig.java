package recfleet.node.testing;

import recfleet.common.testing.EventClient;
import recfleet.common.testing.Poll;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A whole fleet on 127.0.0.1 for the link-mode tests: a real nginx-rtmp fed by ffmpeg, a
 * standalone master JVM and node JVMs linked to it in one mode, and a WebSocket subscriber to
 * the master's {@code /ws}. Every room records the same live stream, which keeps nine rooms
 * cheap on two cores; the rooms are still recorded independently.
 */
public final class FleetRig implements AutoCloseable {
  public enum Mode { CLUSTER, FORWARD, REVERSE }

  public static final String TOKEN = "fleet-t0ken-of-the-tests";

  public final Path dir;
  public final Mode mode;
  private final NginxRtmp rtmp;
  private final Process publisher;
  private final String clusterName = "recfleet-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
  private final Map<String, Integer> clusterPorts = new LinkedHashMap<>();
  private final int masterClusterPort;
  /** Fixed, so that a restarted master is found where the nodes dial. */
  private final int masterPort;
  private final Map<String, SlowLink> nodeLinks = new LinkedHashMap<>();
  /** Several masters (startSeveralMasters): each one's HTTP and Hazelcast port, and its process. */
  private final List<int[]> masterPorts = new ArrayList<>();
  private final List<MasterProcess> allMasters = new ArrayList<>();
  private final List<SlowLink> memberRelays = new ArrayList<>();
  /** Between the ports Ports hands out (20000-31999) and the ephemeral range (32768 on). */
  private final int outboundBase = 32000 + new java.util.Random().nextInt(4) * 150;
  private int masterStarts = 1;
  /** The settings every node of this rig gets (from start), under a restart's own overrides. */
  private Map<String, String> nodeDefaults = Map.of();
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Map<String, Integer> starts = new HashMap<>();
  private MasterProcess master;
  private SlowLink masterLink;
  private EventClient events;

  private FleetRig(Path dir, Mode mode, List<String> nodeIds) throws IOException {
    this.dir = dir;
    this.mode = mode;
    this.rtmp = NginxRtmp.start(dir.resolve("nginx"));
    this.publisher = Ffmpeg.publish(rtmp.url("src"), "600k", dir.resolve("publisher.log"));
    this.masterClusterPort = Ports.freeForLater();
    this.masterPort = Ports.freeForLater();
    for (String id : nodeIds) {
      httpPorts.put(id, Ports.freeForLater());
      clusterPorts.put(id, Ports.freeForLater());
    }
  }

  /** Starts the master and every node, and waits until the master lists them all as UP. */
  public static FleetRig start(Path dir, Mode mode, List<String> nodeIds) throws Exception {
    return start(dir, mode, nodeIds, Map.of());
  }

  /** The same, with settings every node gets on top of the mode's. */
  public static FleetRig start(Path dir, Mode mode, List<String> nodeIds, Map<String, String> nodeOverrides)
      throws Exception {
    return start(dir, mode, nodeIds, nodeOverrides, false);
  }

  /** Reverse mode with every node dialling the master through a link the test can cut ({@link #masterLink()}). */
  public static FleetRig startReverseThroughLink(Path dir, List<String> nodeIds, Map<String, String> nodeOverrides)
      throws Exception {
    return start(dir, Mode.REVERSE, nodeIds, nodeOverrides, true);
  }

  /**
   * Reverse mode where each node of {@code relayed} dials the master through a link of its own
   * ({@link #linkOf}): cutting it cuts that node off from the master while its sources stay reachable.
   */
  public static FleetRig startReverseWithOwnLinks(Path dir, List<String> nodeIds, java.util.Set<String> relayed,
                                                  Map<String, String> nodeOverrides) throws Exception {
    return start(dir, Mode.REVERSE, nodeIds, nodeOverrides, false, relayed);
  }

  private static FleetRig start(Path dir, Mode mode, List<String> nodeIds, Map<String, String> nodeOverrides,
                                boolean throughLink) throws Exception {
    return start(dir, mode, nodeIds, nodeOverrides, throughLink, java.util.Set.of());
  }

  private static FleetRig start(Path dir, Mode mode, List<String> nodeIds, Map<String, String> nodeOverrides,
                                boolean throughLink, java.util.Set<String> relayed) throws Exception {
    FleetRig rig = new FleetRig(dir, mode, nodeIds);
    rig.nodeDefaults = Map.copyOf(nodeOverrides);
    return rig.boot(nodeIds, () -> {
      rig.master = MasterProcess.start(dir.resolve("master"), rig.masterEnv());
      if (throughLink) rig.masterLink = new SlowLink(rig.master.port(), SlowLink.UNLIMITED);
      for (String id : relayed) rig.nodeLinks.put(id, new SlowLink(rig.master.port(), SlowLink.UNLIMITED));
    });
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Starts the masters, then the nodes, waits until the master lists them UP and subscribes to its events. */
  private FleetRig boot(List<String> nodeIds, Step startMasters) throws Exception {
    try {
      startMasters.run();
      for (String id : nodeIds) startNode(id);
      awaitNodesUp(nodeIds, Duration.ofSeconds(90));
      events = EventClient.connect(master.port());
      return this;
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  /**
   * Reverse mode with {@code count} masters in one Hazelcast cluster ([MASTER] masters = count), each
   * with its own database and public URL; every node lists them all. The first started is the
   * oldest, so it leads; {@link #master()} is it until {@link #awaitLeader} finds another.
   */
  public static FleetRig startSeveralMasters(Path dir, List<String> nodeIds, int count) throws Exception {
    return startSeveralMasters(dir, nodeIds, count, false);
  }

  /**
   * As above; with {@code splittable}, the masters reach each other only through relays the test
   * controls ({@link #isolateMaster}): each member announces its relay's address and dials the
   * others from its own range of local ports, so a relay can tell whose connection it carries.
   */
  public static FleetRig startSeveralMasters(Path dir, List<String> nodeIds, int count, boolean splittable)
      throws Exception {
    FleetRig rig = new FleetRig(dir, Mode.REVERSE, nodeIds);
    return rig.boot(nodeIds, () -> {
      for (int i = 0; i < count; i++) {
        int hazelcastPort = Ports.freeForLater();
        rig.masterPorts.add(new int[] {Ports.freeForLater(), hazelcastPort});
        if (splittable) rig.memberRelays.add(new SlowLink(hazelcastPort, SlowLink.UNLIMITED));
      }
      for (int i = 0; i < count; i++) {
        rig.allMasters.add(MasterProcess.start(dir.resolve("master-" + (i + 1)), rig.severalMastersEnv(i)));
      }
      rig.master = rig.allMasters.get(0);
    });
  }

  private Map<String, String> severalMastersEnv(int i) {
    Map<String, String> env = masterEnv();
    int[] ports = masterPorts.get(i);
    List<String> members = memberRelays.isEmpty() ? masterPorts.stream().map(p -> "127.0.0.1:" + p[1]).toList()
        : memberRelays.stream().map(r -> "127.0.0.1:" + r.port()).toList();
    if (!memberRelays.isEmpty()) {
      env.put("RECFLEET_CLUSTER_PUBLIC_ADDRESS", "127.0.0.1:" + memberRelays.get(i).port());
      env.put("RECFLEET_CLUSTER_OUTBOUND_PORTS", outboundRange(i));
    }
    env.put("RECFLEET_MASTER_HTTP_PORT", String.valueOf(ports[0]));
    env.put("RECFLEET_MASTER_PUBLIC_URL", "http://127.0.0.1:" + ports[0]);
    env.put("RECFLEET_MASTER_CLUSTER", "on");
    env.put("RECFLEET_MASTER_MASTERS", String.valueOf(masterPorts.size()));
    env.put("RECFLEET_CLUSTER_NAME", clusterName);
    env.put("RECFLEET_CLUSTER_HOST", "127.0.0.1");
    env.put("RECFLEET_CLUSTER_PORT", String.valueOf(ports[1]));
    env.put("RECFLEET_CLUSTER_MEMBERS", String.join(",", members));
    return env;
  }

  /**
   * For each room, the bytes its node has written so far: every raw FLV in the room's folder
   * (segments rotate; the rig keeps the raw files after transcoding).
   */
  public Map<String, Long> writtenBytes(Map<String, String> placed) throws IOException {
    Map<String, Long> out = new HashMap<>();
    for (var e : placed.entrySet()) {
      Path folder = nodeDir(e.getValue()).resolve("works").resolve(e.getKey());
      long size = 0;
      if (Files.isDirectory(folder)) {
        try (var files = Files.list(folder)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".flv")).toList()) size += Files.size(f);
        }
      }
      out.put(e.getKey(), size);
    }
    return out;
  }

  /** Master {@code i}'s local ports for its connections to the other members: 50 of its own. */
  private String outboundRange(int i) {
    int from = outboundBase + i * 50;
    return from + "-" + (from + 49);
  }

  /**
   * Splits master {@code i} off from the other masters: its relay drops everything, and the others'
   * relays drop what it dials from its ports. Nodes still reach every master's HTTP port.
   */
  public void isolateMaster(int i) {
    memberRelays.get(i).cut();
    int from = outboundBase + i * 50;
    for (int j = 0; j < memberRelays.size(); j++) {
      if (j != i) memberRelays.get(j).cutFrom(port -> port >= from && port < from + 50);
    }
  }

  /** Mends every split between the masters. */
  public void mendMasters() {
    memberRelays.forEach(SlowLink::mend);
  }

  /** How many events of {@code type} the current master's event log holds (its last 1000). */
  public long loggedEvents(String type) throws Exception {
    var logged = Http.get(master.port(), "/api/events?limit=1000").body().getJsonArray("data");
    return logged.stream().filter(o -> type.equals(((JsonObject) o).getString("type"))).count();
  }

  /** Everything node {@code id} has logged so far, over its restarts. */
  public String nodeLog(String id) throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(nodeDir(id))) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  /** Every master of a several-masters rig, in the order started (the oldest first). */
  public List<MasterProcess> masters() {
    return allMasters;
  }

  /**
   * Waits until one of the live masters leads (answers /api/nodes; the others answer 503), makes it
   * {@link #master()} and subscribes to its events; returns how long that took.
   */
  public Duration awaitLeader(List<MasterProcess> live, Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    MasterProcess leader = Poll.until(timeout, "a leading master among " + live.size(), () -> {
      for (MasterProcess m : live) {
        if (Http.get(m.port(), "/api/nodes").status() == 200) return m;
      }
      return null;
    });
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    master = leader;
    if (events != null) events.close();
    events = EventClient.connect(leader.port());
    return took;
  }

  private Map<String, String> masterEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("RECFLEET_MASTER_TOKEN", TOKEN);
    env.put("RECFLEET_MASTER_DOWN_AFTER_SECONDS", "5");
    env.put("RECFLEET_MASTER_HTTP_PORT", String.valueOf(masterPort));
    if (mode == Mode.FORWARD) {
      List<String> urls = new ArrayList<>();
      httpPorts.values().forEach(p -> urls.add("http://127.0.0.1:" + p));
      env.put("RECFLEET_MASTER_FORWARD_NODES", String.join(",", urls));
    }
    if (mode == Mode.CLUSTER) {
      env.put("RECFLEET_MASTER_CLUSTER", "on");
      env.putAll(clusterEnv(masterClusterPort));
    }
    return env;
  }

  private Map<String, String> clusterEnv(int port) {
    List<String> members = new ArrayList<>();
    members.add("127.0.0.1:" + masterClusterPort);
    clusterPorts.values().forEach(p -> members.add("127.0.0.1:" + p));
    return Map.of("RECFLEET_CLUSTER_NAME", clusterName, "RECFLEET_CLUSTER_HOST", "127.0.0.1",
        "RECFLEET_CLUSTER_PORT", String.valueOf(port), "RECFLEET_CLUSTER_MEMBERS", String.join(",", members));
  }

  /** The settings of one node, as a user would write them; {@code overrides} win. */
  public Map<String, String> nodeEnv(String id, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("RECFLEET_BASIC_NODE_ID", id);
    env.put("RECFLEET_BASIC_CAPACITY", "10");
    env.put("RECFLEET_LINK_MODE", mode.name().toLowerCase(java.util.Locale.ROOT));
    env.put("RECFLEET_LINK_TOKEN", TOKEN);
    env.put("RECFLEET_TRANSCODE_DELETE_SOURCE", "false"); // the raw FLVs are the evidence of who wrote when
    switch (mode) {
      case REVERSE -> env.put("RECFLEET_LINK_MASTER_URL", nodeLinks.containsKey(id) ? nodeLinks.get(id).url()
          : masterLink != null ? masterLink.url()
          : !masterPorts.isEmpty() ? String.join(",", masterPorts.stream().map(p -> "http://127.0.0.1:" + p[0]).toList())
          : "http://127.0.0.1:" + masterPort);
      case FORWARD -> env.put("RECFLEET_BASIC_HTTP_PORT", String.valueOf(httpPorts.get(id)));
      case CLUSTER -> env.putAll(clusterEnv(clusterPorts.get(id)));
    }
    env.putAll(overrides);
    return env;
  }

  public NodeProcess startNode(String id) throws IOException {
    return startNode(id, Map.of());
  }

  public NodeProcess startNode(String id, Map<String, String> overrides) throws IOException {
    int n = starts.merge(id, 1, Integer::sum);
    Path nodeDir = nodeDir(id);
    Files.createDirectories(nodeDir);
    Map<String, String> settings = new HashMap<>(nodeDefaults);
    settings.putAll(overrides);
    NodeProcess p = NodeProcess.start(nodeDir, nodeEnv(id, settings), nodeDir.resolve("node-" + n + ".log"));
    nodes.put(id, p);
    return p;
  }

  public Path nodeDir(String id) {
    return dir.resolve(id);
  }

  public NodeProcess node(String id) {
    return nodes.get(id);
  }

  public MasterProcess master() {
    return master;
  }

  /** The link the nodes dial the master through; null unless started with {@link #startReverseThroughLink}. */
  public SlowLink masterLink() {
    return masterLink;
  }

  /** The link one node dials the master through; null unless started with {@link #startReverseWithOwnLinks}. */
  public SlowLink linkOf(String nodeId) {
    return nodeLinks.get(nodeId);
  }

  public EventClient events() {
    return events;
  }

  /** SIGKILL of the master: nodes lose it with no goodbye. The event subscriber goes with it. */
  public void killMaster() {
    master.kill9();
    events.close();
  }

  /** Starts the master again on its port and data, and subscribes to its events anew. */
  public void restartMaster() throws Exception {
    master = MasterProcess.start(dir.resolve("master"), masterEnv(), "master-" + (++masterStarts) + ".log");
    events = EventClient.connect(master.port());
  }

  /** Every master log so far, in order. */
  public List<Path> masterLogs() {
    List<Path> logs = new ArrayList<>();
    logs.add(dir.resolve("master").resolve("master.log"));
    for (int i = 2; i <= masterStarts; i++) logs.add(dir.resolve("master").resolve("master-" + i + ".log"));
    return logs;
  }

  /** Stops every node cleanly: its open segments close, so each file's length can be read. */
  public void stopNodes() {
    for (NodeProcess node : nodes.values()) node.close();
  }

  public String source() {
    return rtmp.url("src");
  }

  public void addRooms(List<String> roomIds) throws Exception {
    for (String room : roomIds) {
      var reply = Http.get(master.port(), "/addroom?roomid=" + room + "&url="
          + URLEncoder.encode(source(), StandardCharsets.UTF_8));
      if (reply.status() != 200) throw new AssertionError("adding " + room + " failed: " + reply.body());
    }
  }

  public JsonArray rooms() throws Exception {
    return Http.get(master.port(), "/api/rooms").body().getJsonArray("data");
  }

  public JsonArray nodesSeen() throws Exception {
    return Http.get(master.port(), "/api/nodes").body().getJsonArray("data");
  }

  public JsonObject nodeSeen(String id) throws Exception {
    for (Object o : nodesSeen()) {
      if (((JsonObject) o).getString("nodeId").equals(id)) return (JsonObject) o;
    }
    return null;
  }

  /** Room id to the node recording it, once every wanted room is RECORDING; null until then. */
  public Map<String, String> recordingRooms() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object o : rooms()) {
      JsonObject r = (JsonObject) o;
      if (!"RECORDING".equals(r.getString("state"))) return null;
      out.put(r.getString("roomId"), r.getString("nodeId"));
    }
    return out;
  }

  public Map<String, String> awaitAllRecording(Duration timeout, String what) {
    return Poll.until(timeout, what, this::recordingRooms);
  }

  public void awaitNodesUp(List<String> ids, Duration timeout) {
    Poll.until(timeout, "nodes " + ids + " UP on the master", () -> {
      for (String id : ids) {
        JsonObject n = nodeSeen(id);
        if (n == null || !"UP".equals(n.getString("state"))) return false;
      }
      return true;
    });
  }

  /** How many rooms each node records. */
  public static Map<String, Long> perNode(Map<String, String> placed) {
    return placed.values().stream().collect(java.util.stream.Collectors.groupingBy(n -> n,
        java.util.stream.Collectors.counting()));
  }

  public static List<String> roomsOn(Map<String, String> placed, String node) {
    return placed.entrySet().stream().filter(e -> e.getValue().equals(node)).map(Map.Entry::getKey).sorted().toList();
  }

  /**
   * Kills the node with SIGKILL and waits until every room it recorded records on another node;
   * returns the new placement. The time it took is logged by the caller's measure.
   */
  public Map<String, String> killAndAwaitFailover(String id, Map<String, String> placed, Duration timeout) {
    List<String> rooms = roomsOn(placed, id);
    nodes.get(id).kill9();
    return Poll.until(timeout, id + "'s rooms recording elsewhere", () -> {
      Map<String, String> now = recordingRooms();
      return now != null && rooms.stream().noneMatch(r -> id.equals(now.get(r))) ? now : null;
    });
  }

  /** SIGSTOP: the process freezes with its sockets open. */
  public void freeze(String id) throws Exception {
    Processes.signal("STOP", nodes.get(id).pid());
  }

  /** SIGCONT. */
  public void thaw(String id) throws Exception {
    Processes.signal("CONT", nodes.get(id).pid());
  }

  @Override
  public void close() {
    if (events != null) events.close();
    for (var entry : nodes.entrySet()) {
      try {
        Processes.signal("CONT", entry.getValue().pid()); // a frozen JVM cannot stop
      } catch (Exception ignored) {
        // already gone
      }
      entry.getValue().close();
    }
    if (master != null) master.close();
    allMasters.forEach(MasterProcess::close);
    memberRelays.forEach(SlowLink::close);
    if (masterLink != null) masterLink.close();
    nodeLinks.values().forEach(SlowLink::close);
    Processes.kill9(publisher);
    rtmp.close();
  }
}
