package recfleet.node.link;

import io.vertx.core.http.WebSocketBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.link.LinkFrames;

/**
 * A WebSocket carrying the master link, whichever side dialled (reverse: the node; forward: the
 * master): frames in go to the agent, the agent's messages go out as frames, and a close detaches.
 */
final class SocketLink {
  private static final Logger log = LoggerFactory.getLogger(SocketLink.class);

  private SocketLink() {}

  static void wire(WebSocketBase ws, MasterLinkAgent agent, Runnable afterClose) {
    MasterLinkAgent.MasterChannel channel = message -> {
      if (!ws.isClosed() && !ws.writeQueueFull()) ws.writeTextMessage(LinkFrames.encode(message));
    };
    ws.textMessageHandler(text -> {
      try {
        agent.received(LinkFrames.decode(text));
      } catch (IllegalArgumentException e) {
        log.warn("the master sent a bad frame; closing the link: {}", e.getMessage());
        ws.close((short) 1003, "bad frame");
      }
    });
    ws.closeHandler(v -> {
      agent.detach(channel);
      afterClose.run();
    });
    agent.attach(channel);
  }
}
