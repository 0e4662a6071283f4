package recfleet.node.notify;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import recfleet.common.Addresses;
import recfleet.common.event.RecfleetEvent;
import recfleet.common.json.Jsons;

/**
 * Encodes every event once as JSON text and publishes it to the WebSocket subscribers' address,
 * so a hundred subscribers cost one encoding, not a hundred.
 */
public final class EventFanout extends VerticleBase {
  @Override
  public Future<?> start() {
    return vertx.eventBus().<RecfleetEvent>localConsumer(Addresses.EVT_ALL, this::onEvent).completion();
  }

  private void onEvent(Message<RecfleetEvent> msg) {
    vertx.eventBus().publish(Addresses.EVT_JSON, Jsons.write(msg.body()));
  }
}
