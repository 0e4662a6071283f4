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
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterTransport.class);
  private final String nodeId;
  private final MasterLinkAgent agent;
  private MessageConsumer<LinkMessage> consumer;

  public ClusterTransport(String nodeId, MasterLinkAgent agent) {
    this.nodeId = nodeId;
    this.agent = agent;
  }

  @Override
  public Future<?> start() {
    agent.onRelink(() -> context.runOnContext(v -> relink()));
    return listen();
  }

  /** Registers this node's address on the bus, then attaches (the agent says hello). */
  private Future<Void> listen() {
    consumer = vertx.eventBus().consumer(Addresses.nodeLink(nodeId), msg -> agent.received(msg.body()));
    return consumer.completion().onSuccess(v ->
        agent.attach(message -> {
          vertx.eventBus().send(Addresses.MASTER_LINK, message); // the cluster delivers or drops; no refusal here
          return true;
        }));
  }

  /**
   * A fresh registration of the node's address: after a split heals the bus may have lost the old one
   * (messages to it go nowhere). The new one is in place before the old one goes.
   */
  private void relink() {
    log.info("[node {}] registering its link address on the cluster bus again, then saying hello", nodeId);
    MessageConsumer<LinkMessage> old = consumer;
    listen().onComplete(done -> old.unregister());
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }
}
