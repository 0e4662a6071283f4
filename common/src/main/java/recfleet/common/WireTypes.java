package recfleet.common;

import io.vertx.core.Vertx;
import recfleet.common.event.RecfleetEvent;
import recfleet.common.json.JacksonCodec;
import recfleet.common.link.LinkRefused;
import recfleet.common.link.NodeEventFrame;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.common.link.NodeLeaving;
import recfleet.common.link.RoomSync;

/** Registers a codec for every record that crosses the event bus; called once at boot. */
public final class WireTypes {
  private WireTypes() {}

  public static void register(Vertx vertx) {
    JacksonCodec.register(vertx, RecfleetEvent.class);
    JacksonCodec.register(vertx, NodeHello.class);
    JacksonCodec.register(vertx, NodeHeartbeat.class);
    JacksonCodec.register(vertx, NodeLeaving.class);
    JacksonCodec.register(vertx, NodeEventFrame.class);
    JacksonCodec.register(vertx, RoomSync.class);
    JacksonCodec.register(vertx, LinkRefused.class);
  }
}
