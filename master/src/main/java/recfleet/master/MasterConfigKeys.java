package recfleet.master;

import java.util.List;
import recfleet.common.config.ConfigKey;

/** The [MASTER] section, read by a node (embedded master) and by the standalone master. */
public final class MasterConfigKeys {
  private MasterConfigKeys() {}

  public static final List<ConfigKey> ALL = List.of(
      new ConfigKey("MASTER", "mode", "embedded", "embedded: run the master inside this node; none: no master"),
      new ConfigKey("MASTER", "down_after_seconds", "5", "a node silent this long is down"),
      new ConfigKey("MASTER", "http_host", "0.0.0.0", "standalone master: address of its HTTP API"),
      new ConfigKey("MASTER", "http_port", "8200", "standalone master: port of its HTTP API"));
}
