package recfleet.master.link;

import recfleet.common.link.LinkFrames;
import io.vertx.core.http.WebSocketBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.link.LinkMessage;
import recfleet.master.FleetMaster;

/**
 * A link carried by one WebSocket: the node dialled the master's {@code /link} (reverse), or the
 * master dialled the node's {@code /ws} (forward). Either way each text frame is one message.
 */
public final class WebSocketChannel extends BoundChannel {
  private static final Logger log = LoggerFactory.getLogger(WebSocketChannel.class);
  private final String mode;
  private final WebSocketBase ws;

  private WebSocketChannel(String mode, WebSocketBase ws) {
    this.mode = mode;
    this.ws = ws;
    ws.setWriteQueueMaxSize(4 * 1024 * 1024); // room lists for a node that paused a moment
  }

  public static WebSocketChannel over(String mode, WebSocketBase ws) {
    return new WebSocketChannel(mode, ws);
  }

  /**
   * Wires the socket to the master: each frame in is a message from {@code as} (this channel, or
   * one that wraps it), and a close tells the master, then runs {@code afterClose}.
   */
  public void wire(FleetMaster master, NodeChannel as, Runnable afterClose) {
    ws.textMessageHandler(text -> {
      LinkMessage message;
      try {
        message = LinkFrames.decode(text);
      } catch (IllegalArgumentException e) {
        log.warn("[node {}] {} link sent a bad frame; closing it: {}", nodeId(), mode, e.getMessage());
        ws.close((short) 1003, "bad frame");
        return;
      }
      master.received(as, message);
    });
    ws.closeHandler(v -> {
      master.closed(as);
      afterClose.run();
    });
    ws.exceptionHandler(err -> log.debug("[node {}] {} link error: {}", nodeId(), mode, err.getMessage()));
  }

  @Override
  public String mode() {
    return mode;
  }

  @Override
  public void send(LinkMessage message) {
    if (ws.isClosed()) return;
    if (ws.writeQueueFull()) {
      log.warn("[node {}] {} link is not reading; closing it", nodeId(), mode);
      ws.close((short) 1008, "not reading");
      return;
    }
    ws.writeTextMessage(LinkFrames.encode(message));
  }

  @Override
  public void close(String reason) {
    if (!ws.isClosed()) ws.close((short) 1000, reason);
  }

}
