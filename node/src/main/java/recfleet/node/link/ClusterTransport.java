package recfleet.node.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import recfleet.common.Addresses;
import recfleet.common.link.LinkMessage;

/**
 * Cluster mode: the node sends to the master's address on the clustered bus and hears the
 * master on its own address, which carries its node id. The hello carries the token.
 */
public final class ClusterTransport extends VerticleBase {
  private final String nodeId;
  private final MasterLinkAgent agent;
  private MessageConsumer<LinkMessage> consumer;

  public ClusterTransport(String nodeId, MasterLinkAgent agent) {
    this.nodeId = nodeId;
    this.agent = agent;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.nodeLink(nodeId), msg -> agent.received(msg.body()));
    return consumer.completion().onSuccess(v ->
        agent.attach(message -> {
          vertx.eventBus().send(Addresses.MASTER_LINK, message); // the cluster delivers or drops; no refusal here
          return true;
        }));
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }
}
