package recfleet.master.link;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.link.Redial;
import recfleet.common.link.LinkFrames;
import recfleet.common.link.LinkMessage;
import recfleet.common.link.RoomSync;
import recfleet.master.FleetMaster;

/**
 * Forward mode: the master reaches a node at a known address. It subscribes to the node's
 * {@code /ws} with the token (the node then sends its hello, heartbeats and events there) and
 * calls the node's API, {@code PUT /api/link/rooms}, with each room list. Redials with a
 * growing, jittered delay while the node is unreachable.
 */
public final class ForwardDialer extends io.vertx.core.VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ForwardDialer.class);
  private static final recfleet.common.BackoffPolicy BACKOFF = new recfleet.common.BackoffPolicy(
      java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5), 0.2);

  private final FleetMaster master;
  private final URI node;
  private final String token;
  private WebSocketClient sockets;
  private WebClient http;
  private Redial redial;

  public ForwardDialer(FleetMaster master, URI node, String token) {
    this.master = master;
    this.node = node;
    this.token = token;
  }

  @Override
  public io.vertx.core.Future<?> start() {
    sockets = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
        .setMaxMessageSize(LinkFrames.MAX_MESSAGE_BYTES));
    http = WebClient.create(vertx);
    redial = new Redial(vertx, BACKOFF, this::dial);
    dial();
    return io.vertx.core.Future.succeededFuture();
  }

  @Override
  public io.vertx.core.Future<?> stop() {
    redial.stop();
    return io.vertx.core.Future.succeededFuture();
  }

  private void dial() {
    if (redial.stopped()) return;
    boolean tls = node.getScheme().equals("https");
    int port = node.getPort() > 0 ? node.getPort() : tls ? 443 : 80;
    var options = new WebSocketConnectOptions().setHost(node.getHost()).setPort(port).setSsl(tls).setURI("/ws")
        .addHeader("Authorization", LinkFrames.authorization(token));
    sockets.connect(options).onSuccess(ws -> {
      redial.succeeded();
      log.info("forward link to {} open", node);
      var socket = WebSocketChannel.over("forward", ws);
      socket.wire(master, new ForwardChannel(socket), () -> {
        log.info("forward link to {} closed; dialling again", node);
        redial.retry();
      });
    }).onFailure(err -> {
      if (redial.failures() == 0) log.warn("forward link to {} failed: {}", node, err.getMessage());
      redial.retry();
    });
  }


  /**
   * Frames from the node come in over its {@code /ws}; room lists go out through its HTTP API,
   * one request at a time. A list is the whole wish, so while one is in flight only the newest
   * waiting one is kept.
   */
  private final class ForwardChannel implements NodeChannel {
    private final WebSocketChannel socket;
    private RoomSync waiting;
    private boolean inFlight;

    ForwardChannel(WebSocketChannel socket) {
      this.socket = socket;
    }

    @Override
    public String mode() {
      return "forward";
    }

    @Override
    public void send(LinkMessage message) {
      if (message instanceof RoomSync sync) {
        context.runOnContext(v -> {
          waiting = sync;
          if (!inFlight) putNext();
        });
      } else {
        socket.send(message);
      }
    }

    private void putNext() {
      RoomSync sync = waiting;
      waiting = null;
      if (sync == null) return;
      inFlight = true;
      http.putAbs(node + "/api/link/rooms").putHeader("Authorization", LinkFrames.authorization(token))
          .sendBuffer(io.vertx.core.buffer.Buffer.buffer(LinkFrames.encode(sync)))
          .onComplete(ar -> {
            inFlight = false;
            if (ar.failed()) {
              log.debug("[node {}] room list not delivered: {}", sync.nodeId(), ar.cause().getMessage());
            } else if (ar.result().statusCode() != 200) {
              log.warn("[node {}] refused the room list: HTTP {}", sync.nodeId(), ar.result().statusCode());
            }
            putNext();
          });
    }

    @Override
    public void close(String reason) {
      socket.close(reason);
    }

    @Override
    public void bind(String nodeId) {
      socket.bind(nodeId);
    }

    @Override
    public String nodeId() {
      return socket.nodeId();
    }
  }
}
