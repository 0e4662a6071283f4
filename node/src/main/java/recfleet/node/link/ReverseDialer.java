package recfleet.node.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import recfleet.common.link.LinkFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.link.Redial;

/**
 * Reverse mode: the node, behind NAT, dials {@code ws(s)://master/link} with its token and keeps
 * the link up, redialling with a growing, jittered delay. The agent speaks over it.
 */
public final class ReverseDialer extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ReverseDialer.class);
  private final LinkOptions options;
  private final MasterLinkAgent agent;
  private WebSocketClient client;
  private WebSocket current;
  private Redial redial;
  private MasterUrls masters;

  public ReverseDialer(LinkOptions options, MasterLinkAgent agent) {
    this.options = options;
    this.agent = agent;
  }

  @Override
  public Future<?> start() {
    client = vertx.createWebSocketClient(options.trust(new io.vertx.core.http.WebSocketClientOptions()
        .setMaxMessageSize(recfleet.common.link.LinkFrames.MAX_MESSAGE_BYTES)));
    redial = new Redial(vertx, options.backoff(), this::dial);
    masters = new MasterUrls(options.masterUrls());
    // a master that does not lead names the leader: dial it next (on this dialler's loop)
    agent.onLeaderHint(leader -> context.runOnContext(v -> masters.prefer(leader)));
    dial();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    redial.stop();
    return current == null ? Future.succeededFuture() : current.close().otherwiseEmpty();
  }

  private void dial() {
    if (redial.stopped()) return;
    var url = masters.current();
    var connect = new WebSocketConnectOptions().setHost(url.getHost()).setPort(MasterUrls.port(url))
        .setSsl(MasterUrls.tls(url)).setURI(MasterUrls.path(url) + "/link")
        .addHeader("Authorization", LinkFrames.authorization(options.token()));
    client.connect(connect).onSuccess(ws -> {
      int failed = redial.succeeded();
      if (failed > 0) log.info("link to the master at {} is back after {} failed attempt(s)", url, failed);
      else log.info("link to the master at {} open", url);
      current = ws;
      SocketLink.wire(ws, agent, () -> {
        current = null;
        if (!redial.stopped()) log.warn("link to the master at {} closed; dialling again", url);
        if (masters.current().equals(url)) masters.next(); // unless told where the leader is, try the next master
        redial.retry();
      });
    }).onFailure(err -> {
      if (err instanceof UpgradeRejectedException rejected && rejected.getStatus() == 401) {
        log.error("the master at {} refused this node's token (HTTP 401); check [LINK] token", url);
      } else if (redial.failures() == 0) {
        log.warn("cannot reach the master at {}: {}", url, err.getMessage());
      }
      masters.next();
      redial.retry();
    });
  }

}
