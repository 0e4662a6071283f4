package recfleet.node.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;

/**
 * {@code /ws}: every event, as JSON text, to every subscriber. A subscriber that cannot keep up
 * is disconnected rather than allowed to grow the node's memory.
 */
final class EventSocket {
  private static final Logger log = LoggerFactory.getLogger(EventSocket.class);
  private final Vertx vertx;

  EventSocket(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.get("/ws").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(this::subscribe)
        .onFailure(err -> {
          if (!ctx.response().ended()) ctx.response().setStatusCode(400).end("WebSocket upgrade expected");
        }));
  }

  private void subscribe(ServerWebSocket ws) {
    var consumer = vertx.eventBus().<String>localConsumer(Addresses.EVT_JSON, msg -> {
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
