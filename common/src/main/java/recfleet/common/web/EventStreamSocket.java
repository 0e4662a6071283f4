package recfleet.common.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams every JSON text published on one local bus address to a WebSocket subscriber. A
 * subscriber that cannot keep up is disconnected rather than allowed to grow the process's memory.
 */
public final class EventStreamSocket {
  private static final Logger log = LoggerFactory.getLogger(EventStreamSocket.class);

  private EventStreamSocket() {}

  public static void subscribe(Vertx vertx, String address, ServerWebSocket ws) {
    var consumer = vertx.eventBus().<String>localConsumer(address, msg -> {
      if (ws.writeQueueFull()) {
        log.warn("WebSocket subscriber {} is too slow; disconnecting it", ws.remoteAddress());
        ws.close((short) 1008, "too slow");
        return;
      }
      ws.writeTextMessage(msg.body());
    });
    ws.closeHandler(v -> consumer.unregister());
    ws.exceptionHandler(err -> consumer.unregister());
  }
}
