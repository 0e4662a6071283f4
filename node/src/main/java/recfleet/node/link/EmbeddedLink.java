package recfleet.node.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import recfleet.master.FleetMaster;
import recfleet.master.link.LocalChannel;

/**
 * Links the node to the master it runs inside ([MASTER] mode = embedded): the same FleetMaster
 * and the same link messages as a fleet's, handed over in the process. So a single box answers
 * {@code /api/nodes} and keeps its recordings index exactly as a fleet master does.
 */
public final class EmbeddedLink extends VerticleBase {
  private final FleetMaster master;
  private final MasterLinkAgent agent;

  public EmbeddedLink(FleetMaster master, MasterLinkAgent agent) {
    this.master = master;
    this.agent = agent;
  }

  @Override
  public Future<?> start() {
    LocalChannel toNode = new LocalChannel(agent::received);
    agent.attach(message -> {
      master.received(toNode, message);
      return true;
    });
    return Future.succeededFuture();
  }
}
