package recfleet.node.link;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import recfleet.common.RoomId;
import recfleet.common.cluster.ClusterOptions;
import recfleet.common.config.RecfleetConfig;

/** The [LINK] section: whether and how this node joins a standalone master. */
public record LinkOptions(String mode, List<URI> masterUrls, String token, List<String> labels, Duration heartbeatEvery,
                          Duration reconnectMin, Duration reconnectMax, boolean longPoll, ClusterOptions cluster,
                          java.nio.file.Path caFile, boolean keepWhenMasterLost) {

  public static final String NONE = "none";
  public static final String CLUSTER = "cluster";
  public static final String FORWARD = "forward";
  public static final String REVERSE = "reverse";
  /** [LINK] when_master_lost: keep recording what the node holds (an overlap beats a gap), or pause. */
  public static final String KEEP = "keep";
  public static final String PAUSE = "pause";

  public boolean linked() {
    return !mode.equals(NONE);
  }

  /** How a lost link is dialled again: reconnect_min_ms doubling to reconnect_max_ms, 20 % jitter. */
  public recfleet.common.BackoffPolicy backoff() {
    return new recfleet.common.BackoffPolicy(reconnectMin, reconnectMax, 0.2);
  }

  public static LinkOptions from(RecfleetConfig c) {
    String mode = c.oneOf("LINK", "mode", Set.of(NONE, CLUSTER, FORWARD, REVERSE));
    String token = c.string("LINK", "token").strip();
    if (!mode.equals(NONE) && token.length() < 8) {
      throw c.bad("LINK", "token", "(hidden)", "must be the master's token (at least 8 characters) when mode is " + mode);
    }
    List<URI> masters = new java.util.ArrayList<>();
    if (mode.equals(REVERSE)) {
      c.nonBlank("LINK", "master_url");
      for (String entry : c.list("LINK", "master_url")) masters.add(masterUrl(c, entry.strip().replaceAll("/+$", "")));
    }
    List<String> labels = c.list("LINK", "labels");
    for (String label : labels) {
      if (!RoomId.isValid(label)) throw c.bad("LINK", "labels", label, "labels are letters, digits, '_' or '-'");
    }
    Duration heartbeat = Duration.ofMillis(c.number("LINK", "heartbeat_ms", 100, 60_000));
    Duration min = Duration.ofMillis(c.number("LINK", "reconnect_min_ms", 10, 600_000));
    Duration max = Duration.ofMillis(c.number("LINK", "reconnect_max_ms", 10, 600_000));
    if (max.compareTo(min) < 0) throw c.bad("LINK", "reconnect_max_ms", String.valueOf(max.toMillis()), "must be >= reconnect_min_ms");
    boolean longPoll = c.oneOf("LINK", "transport", Set.of("websocket", "longpoll")).equals("longpoll");
    String ca = c.string("LINK", "ca_file").strip();
    java.nio.file.Path caFile = ca.isEmpty() ? null : java.nio.file.Path.of(ca).toAbsolutePath().normalize();
    if (caFile != null && !java.nio.file.Files.isReadable(caFile)) throw c.bad("LINK", "ca_file", ca, "is not a readable file");
    boolean keep = c.oneOf("LINK", "when_master_lost", Set.of(KEEP, PAUSE)).equals(KEEP);
    return new LinkOptions(mode, List.copyOf(masters), token, labels, heartbeat, min, max, longPoll,
        mode.equals(CLUSTER) ? ClusterOptions.from(c) : null, caFile, keep);
  }

  private static URI masterUrl(RecfleetConfig c, String raw) {
    URI master;
    try {
      master = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw c.bad("LINK", "master_url", raw, "is not a URL");
    }
    if (master.getScheme() == null || !master.getScheme().matches("https?|wss?") || master.getHost() == null
        || master.getUserInfo() != null) {
      throw c.bad("LINK", "master_url", raw, "must look like http(s)://host:port, without credentials");
    }
    return master;
  }

  /**
   * A client to the master over TLS verifies its certificate and host name: against the JDK's trust
   * store, or against {@code ca_file} when one is set (a private CA, a self-signed master).
   */
  public <T extends io.vertx.core.net.ClientOptionsBase> T trust(T client) {
    if (masterUrls.stream().noneMatch(MasterUrls::tls)) return client;
    if (masterUrls.stream().allMatch(MasterUrls::tls)) client.setSsl(true); // else each connection says

    if (caFile != null) client.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(caFile.toString()));
    return client;
  }

  @Override
  public String toString() {
    return "LinkOptions[mode=" + mode + ", masters=" + masterUrls + ", labels=" + labels + "]";
  }
}
