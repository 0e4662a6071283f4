package recfleet.master;

import java.util.List;
import recfleet.common.auth.AuthOptions;
import recfleet.common.config.ConfigKey;

/**
 * The [MASTER], [CLUSTER] and [AUTH] sections. A node reads [MASTER] mode (its embedded master),
 * [CLUSTER] (cluster mode) and [AUTH]; the standalone master reads the rest.
 */
public final class MasterConfigKeys {
  private MasterConfigKeys() {}

  public static final List<ConfigKey> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(
      new ConfigKey("MASTER", "mode", "embedded", "node: embedded runs the master inside this node; none: no master"),
      new ConfigKey("MASTER", "down_after_seconds", "5", "a node silent this long is down and its rooms move"),
      new ConfigKey("MASTER", "rejoin_grace_seconds", "120",
          "a node that stopped cleanly keeps its rooms this long before they move"),
      new ConfigKey("MASTER", "http_host", "",
          "standalone master: address of its HTTP API; empty: 127.0.0.1 without [AUTH] keys, every address with them"),
      new ConfigKey("MASTER", "http_port", "8200", "standalone master: port of its HTTP API"),
      new ConfigKey("MASTER", "data_dir", "./data/master", "standalone master: folder of its database"),
      new ConfigKey("MASTER", "token", "", "shared secret every node link must present; required by the master"),
      new ConfigKey("MASTER", "cluster", "off", "on: the master joins the [CLUSTER] Hazelcast cluster"),
      new ConfigKey("MASTER", "event_log_days", "30", "the master's event log keeps this many days"),
      new ConfigKey("MASTER", "masters", "1",
          "how many masters the fleet runs (cluster = on); the oldest leads while it sees a majority of them"),
      new ConfigKey("MASTER", "public_url", "",
          "standalone master: the URL nodes reach it at, told to nodes by the other masters; empty: http(s)://http_host:http_port"),
      new ConfigKey("MASTER", "forward_nodes", "",
          "forward mode: comma-separated base URLs of nodes the master dials (http://host:port)"),
      new ConfigKey("CLUSTER", "name", "recfleet", "Hazelcast cluster name; members of other clusters are ignored"),
      new ConfigKey("CLUSTER", "host", "127.0.0.1", "address this member binds and announces"),
      new ConfigKey("CLUSTER", "port", "5801", "this member's Hazelcast port"),
      new ConfigKey("CLUSTER", "members", "127.0.0.1:5801",
          "comma-separated host:port of the members to join (TCP/IP, no multicast; list each port)"),
      new ConfigKey("CLUSTER", "public_address", "",
          "host:port other members reach this one at, when not host:port (NAT, a relay); empty: host:port"),
      new ConfigKey("CLUSTER", "outbound_ports", "",
          "local port or range (33000-33100) of this member's connections to others, for a firewall; empty: any")),
      AuthOptions.KEYS.stream()).toList();
}
