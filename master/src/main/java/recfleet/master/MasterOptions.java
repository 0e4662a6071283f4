package recfleet.master;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import recfleet.common.auth.AuthOptions;
import recfleet.common.cluster.ClusterOptions;
import recfleet.common.config.RecfleetConfig;

/** The standalone master's configuration as typed, validated values. A bad key fails here. */
public record MasterOptions(String httpHost, int httpPort, Path dataDir, String token, Duration downAfter,
                            Duration rejoinGrace, ClusterOptions cluster, List<URI> forwardNodes,
                            Duration eventLogAge, AuthOptions auth, int masters, String publicUrl) {

  public static MasterOptions from(RecfleetConfig c) {
    String token = c.string("MASTER", "token").strip();
    if (token.length() < 8) {
      throw c.bad("MASTER", "token", "(hidden)", "must be set, at least 8 characters: every node link presents it");
    }
    List<URI> forward = new ArrayList<>();
    for (String url : c.list("MASTER", "forward_nodes")) {
      URI uri;
      try {
        uri = URI.create(url.replaceAll("/+$", ""));
      } catch (IllegalArgumentException e) {
        throw c.bad("MASTER", "forward_nodes", url, "is not a URL");
      }
      if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
          || uri.getUserInfo() != null) {
        throw c.bad("MASTER", "forward_nodes", url, "each entry must look like http(s)://host:port");
      }
      forward.add(uri);
    }
    boolean clustered = c.bool("MASTER", "cluster");
    AuthOptions auth = AuthOptions.from(c);
    int masters = c.integer("MASTER", "masters", 1, 9);
    if (masters > 1 && !clustered) {
      throw c.bad("MASTER", "masters", String.valueOf(masters), "several masters share one Hazelcast cluster: set cluster = on");
    }
    String publicUrl = c.string("MASTER", "public_url").strip().replaceAll("/+$", "");
    if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^/@\\s]+(/\\S*)?")) {
      throw c.bad("MASTER", "public_url", publicUrl, "must look like http(s)://host:port, without credentials");
    }
    String host = auth.bindAddress(c.string("MASTER", "http_host"), "[MASTER] http_host",
        org.slf4j.LoggerFactory.getLogger(MasterOptions.class));
    int port = c.integer("MASTER", "http_port", 0, 65_535);
    if (publicUrl.isEmpty()) publicUrl = (auth.tlsCert() != null ? "https://" : "http://") + host + ":" + port;
    return new MasterOptions(
        host,
        port,
        c.path("MASTER", "data_dir").toAbsolutePath().normalize(),
        token,
        Duration.ofSeconds(c.number("MASTER", "down_after_seconds", 2, 3600)),
        Duration.ofSeconds(c.number("MASTER", "rejoin_grace_seconds", 0, 86_400)),
        clustered ? ClusterOptions.from(c) : null,
        List.copyOf(forward),
        Duration.ofDays(c.number("MASTER", "event_log_days", 1, 36_500)),
        auth, masters, publicUrl);
  }

  /**
   * The master a single node runs inside itself ([MASTER] mode = embedded): the same FleetMaster as
   * a fleet's, over the node's own bus, with its database under the node's data folder. It serves
   * no port of its own and needs no token: its one node is in the same process.
   */
  public static MasterOptions embedded(RecfleetConfig c, Path nodeDataDir) {
    return new MasterOptions("127.0.0.1", 0, nodeDataDir.resolve("master"), "embedded",
        Duration.ofSeconds(c.number("MASTER", "down_after_seconds", 2, 3600)),
        Duration.ofSeconds(c.number("MASTER", "rejoin_grace_seconds", 0, 86_400)),
        null, List.of(), Duration.ofDays(c.number("MASTER", "event_log_days", 1, 36_500)), AuthOptions.from(c), 1,
        "embedded");
  }

  /**
   * How long a node may write after the heartbeat the master answered: one second less than
   * down_after. The master declares a node down no earlier than down_after after receiving its
   * last heartbeat, which the node sent earlier still, so the node has stopped writing by then,
   * whatever the network delay; the second is for the clocks' rates. The longer the lease, the
   * longer a busy master or node may pause before held rooms stop writing for a moment.
   */
  public long leaseMs() {
    return Math.max(1000, downAfter.toMillis() - 1000);
  }

  @Override
  public String toString() {
    return "MasterOptions[http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + ", downAfter=" + downAfter
        + ", cluster=" + (cluster != null) + ", masters=" + masters + ", publicUrl=" + publicUrl
        + ", forwardNodes=" + forwardNodes.size() + "]";
  }
}
