package recfleet.master.link;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import recfleet.master.FleetMaster;

/**
 * The forward dialers of the master that leads: one per configured node, deployed when this master
 * starts leading and undeployed when it stops, so a node is dialled by one master at a time.
 */
public final class ForwardDialers {
  private final Vertx vertx;
  private final FleetMaster master;
  private final List<URI> nodes;
  private final String token;
  private final List<String> deployed = new ArrayList<>();

  public ForwardDialers(Vertx vertx, FleetMaster master, List<URI> nodes, String token) {
    this.vertx = vertx;
    this.master = master;
    this.nodes = nodes;
    this.token = token;
  }

  /** On the master's loop. */
  public void active(boolean leads) {
    if (leads && deployed.isEmpty()) {
      for (URI node : nodes) vertx.deployVerticle(new ForwardDialer(master, node, token)).onSuccess(deployed::add);
    } else if (!leads) {
      for (String id : deployed) vertx.undeploy(id);
      deployed.clear();
    }
  }
}
