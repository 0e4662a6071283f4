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

  /** What may wait unsent on a link (a burst of events after a pause) before frames are dropped. */
  static final int WRITE_QUEUE_BYTES = 8 * 1024 * 1024;

  static void wire(WebSocketBase ws, MasterLinkAgent agent, Runnable afterClose) {
    ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    MasterLinkAgent.MasterChannel channel = message -> {
      if (ws.isClosed()) return false;
      if (ws.writeQueueFull()) {
        log.warn("the master is not reading the link; a {} was not sent", message.getClass().getSimpleName());
        return false;
      }
      ws.writeTextMessage(LinkFrames.encode(message));
      return true;
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
