package recfleet.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Starts a Vert.x whose event bus is clustered over Hazelcast, the same way for the master and
 * for nodes. Failure detection is tightened (1 s heartbeats, 5 s without one) so a frozen member
 * is dropped in seconds rather than a minute; a killed member is seen at once anyway because the
 * OS closes its sockets.
 */
public final class ClusteredVertx {
  private ClusteredVertx() {}

  public record Joined(Vertx vertx, HazelcastClusterManager manager) {}

  public static Future<Joined> start(ClusterOptions options) {
    return start(options, new VertxOptions());
  }

  /** As {@link #start(ClusterOptions)}, on the caller's Vert.x options (the node's prefer the native transport). */
  public static Future<Joined> start(ClusterOptions options, VertxOptions vertxOptions) {
    return start(options, vertxOptions, hz -> { });
  }

  /** As above; {@code customize} adds to the Hazelcast config (a master's role, its maps) before the member starts. */
  public static Future<Joined> start(ClusterOptions options, VertxOptions vertxOptions,
                                     java.util.function.Consumer<Config> customize) {
    // before Hazelcast's first line, or that line goes to java.util.logging
    if (System.getProperty("hazelcast.logging.type") == null) System.setProperty("hazelcast.logging.type", "slf4j");
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(options.name());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // A member dropped while frozen or cut off comes back through Hazelcast's split-brain merge,
    // which by default first runs after 5 minutes; a node should be back in seconds.
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false"); // the process stops Vert.x itself, in order
    var network = hz.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(options.host());
    // what other members dial: this member's own address, or one in front of it (NAT, a relay)
    network.setPublicAddress(options.publicAddress());
    // the local ports of this member's own connections to others, for a firewall that lets them out
    if (!options.outboundPorts().isEmpty()) network.addOutboundPortDefinition(options.outboundPorts());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(options.members());
    customize.accept(hz);
    HazelcastClusterManager manager = new HazelcastClusterManager(hz);
    vertxOptions.getEventBusOptions().setHost(options.host()).setClusterPublicHost(options.host());
    return Vertx.builder().with(vertxOptions).withClusterManager(manager).buildClustered()
        .map(vertx -> new Joined(vertx, manager));
  }
}
