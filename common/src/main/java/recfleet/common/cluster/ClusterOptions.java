package recfleet.common.cluster;

import java.util.List;
import java.util.Objects;
import recfleet.common.config.RecfleetConfig;

/**
 * The [CLUSTER] section: the Hazelcast cluster that the master and cluster-mode nodes share.
 * Its own name and member port, multicast off, members listed one by one (a port range in the
 * member list is not accepted by Hazelcast's TCP/IP join).
 */
public record ClusterOptions(String name, String host, int port, List<String> members) {
  public ClusterOptions {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
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
    return new ClusterOptions(c.nonBlank("CLUSTER", "name"), c.nonBlank("CLUSTER", "host"),
        c.integer("CLUSTER", "port", 1, 65_535), members);
  }
}
