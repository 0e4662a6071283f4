package recfleet.common.cluster;

import java.util.List;
import java.util.Objects;
import recfleet.common.config.RecfleetConfig;

/**
 * The [CLUSTER] section: the Hazelcast cluster that the master and cluster-mode nodes share.
 * Its own name and member port, multicast off, members listed one by one (a port range in the
 * member list is not accepted by Hazelcast's TCP/IP join).
 */
public record ClusterOptions(String name, String host, int port, List<String> members, String publicAddress,
                             String outboundPorts) {
  public ClusterOptions {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
  }

  public ClusterOptions(String name, String host, int port, List<String> members) {
    this(name, host, port, members, host + ":" + port, "");
  }

  public static ClusterOptions from(RecfleetConfig c) {
    List<String> members = c.list("CLUSTER", "members");
    for (String m : members) {
      int colon = m.lastIndexOf(':');
      if (colon <= 0 || !m.substring(colon + 1).matches("\\d{1,5}")) {
        throw c.bad("CLUSTER", "members", m, "each member must be host:port (list every port; no ranges)");
      }
    }
    if (members.isEmpty()) throw c.bad("CLUSTER", "members", "", "list at least one member (host:port)");
    String host = c.nonBlank("CLUSTER", "host");
    int port = c.integer("CLUSTER", "port", 1, 65_535);
    String announced = c.string("CLUSTER", "public_address").strip();
    if (!announced.isEmpty() && !announced.matches("[^:\\s]+:\\d{1,5}")) {
      throw c.bad("CLUSTER", "public_address", announced, "must be host:port");
    }
    String outbound = c.string("CLUSTER", "outbound_ports").strip();
    if (!outbound.isEmpty() && !outbound.matches("\\d{1,5}(-\\d{1,5})?")) {
      throw c.bad("CLUSTER", "outbound_ports", outbound, "must be a port or a range such as 33000-33100");
    }
    return new ClusterOptions(c.nonBlank("CLUSTER", "name"), host, port, members,
        announced.isEmpty() ? host + ":" + port : announced, outbound);
  }
}
