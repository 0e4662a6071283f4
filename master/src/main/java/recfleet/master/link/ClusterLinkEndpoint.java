package recfleet.master.link;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.link.LinkMessage;
import recfleet.common.link.NodeEventFrame;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.common.link.NodeLeaving;
import recfleet.master.FleetMaster;

/**
 * Cluster mode: nodes send to {@link Addresses#MASTER_LINK} on the clustered bus, and the master
 * answers each on its own address ({@link Addresses#nodeLink}). The hello carries the token,
 * since no HTTP header does here. Hazelcast's member-removed signal is passed on as a faster hint
 * than missing heartbeats (through Hazelcast's own listener: Vert.x keeps its node listener slot).
 */
public final class ClusterLinkEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ClusterLinkEndpoint.class);
  private final Vertx vertx;
  private final FleetMaster master;
  private final Map<String, BusChannel> channels = new ConcurrentHashMap<>();
  private io.vertx.core.eventbus.MessageConsumer<LinkMessage> consumer;

  public ClusterLinkEndpoint(Vertx vertx, FleetMaster master) {
    this.vertx = vertx;
    this.master = master;
  }

  public Future<Void> start(HazelcastClusterManager manager) {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // a member joining means nothing until its node says hello
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String member = event.getMember().getUuid().toString();
        log.info("cluster member {} is gone", member);
        if (consumer != null) master.change(fleet -> fleet.memberGone(member));
      }
    });
    return Future.succeededFuture();
  }

  /**
   * Only the leading master listens on {@link Addresses#MASTER_LINK}: the bus hands a sent message
   * to one of its consumers, so a follower listening too would take some of the nodes' messages.
   */
  public void active(boolean leads) {
    if (leads && consumer == null) {
      consumer = vertx.eventBus().<LinkMessage>consumer(Addresses.MASTER_LINK, this::onMessage);
    } else if (!leads && consumer != null) {
      consumer.unregister();
      consumer = null;
      channels.clear();
    }
  }

  private void onMessage(Message<LinkMessage> msg) {
    LinkMessage body = msg.body();
    String nodeId = null;
    if (body instanceof NodeHello h) nodeId = h.nodeId();
    else if (body instanceof NodeHeartbeat h) nodeId = h.nodeId();
    else if (body instanceof NodeLeaving l) nodeId = l.nodeId();
    else if (body instanceof NodeEventFrame f) nodeId = f.event().nodeId();
    if (nodeId == null || !recfleet.common.RoomId.isValid(nodeId)) {
      log.warn("cluster link: a message without a usable node id was ignored");
      return;
    }
    BusChannel channel = body instanceof NodeHello
        ? channels.compute(nodeId, (id, old) -> new BusChannel(vertx, id))
        : channels.computeIfAbsent(nodeId, id -> new BusChannel(vertx, id));
    master.received(channel, body);
  }

  /** The master's side of one node's bus link. */
  static final class BusChannel extends BoundChannel {
    private final Vertx vertx;
    private final String address;

    BusChannel(Vertx vertx, String claimedNodeId) {
      this.vertx = vertx;
      this.address = Addresses.nodeLink(claimedNodeId);
    }

    @Override
    public String mode() {
      return "cluster";
    }

    @Override
    public void send(LinkMessage message) {
      vertx.eventBus().send(address, message);
    }

    @Override
    public void close(String reason) {
      // the bus has no connection to close; the node stops hearing from this channel
    }


    @Override
    public boolean needsTokenInHello() {
      return true;
    }
  }
}
