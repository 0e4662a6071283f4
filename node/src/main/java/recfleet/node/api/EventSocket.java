package recfleet.node.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import recfleet.common.Addresses;
import recfleet.common.web.EventStreamSocket;
import recfleet.common.web.Replies;

/**
 * {@code /ws}: every event, as JSON text, to every subscriber. A subscriber that cannot keep up
 * is disconnected rather than allowed to grow the node's memory.
 */
final class EventSocket {
  private final Vertx vertx;

  EventSocket(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.get("/ws").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(this::subscribe)
        .onFailure(err -> Replies.notAWebSocket(ctx)));
  }

  private void subscribe(ServerWebSocket ws) {
    EventStreamSocket.subscribe(vertx, Addresses.EVT_JSON, ws);
  }
}
