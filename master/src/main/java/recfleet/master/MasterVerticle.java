package recfleet.master;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.json.Jsons;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeLeaving;

/**
 * The master's core: hears node heartbeats over the event bus and answers who is there.
 * Embedded in a node by default; the same verticle runs in the standalone master process.
 */
public final class MasterVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MasterVerticle.class);
  private final NodeRegistry registry;

  public MasterVerticle(Clock clock, Duration downAfter) {
    this.registry = new NodeRegistry(clock, downAfter);
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    return Future.all(
        bus.<NodeHeartbeat>consumer(Addresses.MASTER_HEARTBEAT, this::onHeartbeat).completion(),
        bus.<NodeLeaving>consumer(Addresses.MASTER_NODE_LEAVING, this::onLeaving).completion(),
        bus.<Object>consumer(Addresses.MASTER_NODES, this::onListNodes).completion());
  }

  private void onHeartbeat(Message<NodeHeartbeat> msg) {
    if (registry.heard(msg.body())) log.info("[node {}] joined from {}", msg.body().nodeId(), msg.body().httpAddress());
  }

  private void onLeaving(Message<NodeLeaving> msg) {
    registry.left(msg.body().nodeId());
    log.info("[node {}] left cleanly", msg.body().nodeId());
  }

  private void onListNodes(Message<Object> msg) {
    msg.reply(Jsons.write(registry.list()));
  }
}
