package recfleet.master.link;

import recfleet.common.link.LinkFrames;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.web.Replies;
import recfleet.master.FleetMaster;

/**
 * {@code /link}: where nodes behind NAT dial in (reverse mode). The WebSocket upgrade must carry
 * {@code Authorization: Bearer <token>}; a wrong token gets a 401 and a log line, and nothing else.
 */
public final class ReverseLinkRoutes {
  private static final Logger log = LoggerFactory.getLogger(ReverseLinkRoutes.class);
  private final FleetMaster master;

  public ReverseLinkRoutes(FleetMaster master) {
    this.master = master;
  }

  public void mount(Router router) {
    router.get("/link").handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    if (!master.tokenOk(LinkFrames.bearer(ctx.request().getHeader("Authorization")))) {
      log.warn("reverse link from {} refused: wrong or missing token", ctx.request().remoteAddress());
      Replies.error(ctx, 401, 401, "wrong or missing link token");
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> {
          WebSocketChannel channel = WebSocketChannel.over("reverse", ws);
          channel.wire(master, channel, () -> { });
        })
        .onFailure(err -> Replies.notAWebSocket(ctx));
  }
}
