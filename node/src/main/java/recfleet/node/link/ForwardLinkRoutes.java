package recfleet.node.link;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.ApiError;
import recfleet.common.link.LinkFrames;
import recfleet.common.link.LinkTokens;
import recfleet.common.link.LinkMessage;
import recfleet.common.link.RoomSync;
import recfleet.common.web.Replies;

/**
 * Forward mode, the node's side: the master subscribes to {@code /ws} with the token in an
 * {@code Authorization: Bearer} header (that socket then carries the node's hello, heartbeats and
 * events) and sends room lists with {@code PUT /api/link/rooms}. A {@code /ws} request without
 * the header is an ordinary event subscriber and goes on to the next route; one with a wrong
 * token is refused with a 401 and a log line.
 */
public final class ForwardLinkRoutes {
  private static final Logger log = LoggerFactory.getLogger(ForwardLinkRoutes.class);
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private final String token;
  private final MasterLinkAgent agent;

  public ForwardLinkRoutes(String token, MasterLinkAgent agent) {
    this.token = token;
    this.agent = agent;
  }

  public void mount(Router router) {
    router.get("/ws").handler(this::subscribe);
    router.put("/api/link/rooms").handler(this::rooms);
  }

  /**
   * Whether the request is the master's own (its room lists, or its /ws subscription with the link
   * token): those carry the link token, which these routes check, instead of an API key.
   */
  public boolean isLinkRequest(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return path.equals("/api/link/rooms")
        || (path.equals("/ws") && tokenOk(LinkFrames.bearer(ctx.request().getHeader("Authorization"))));
  }

  private void subscribe(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null || ctx.user() != null) {
      // no token, or a subscriber let in by its API key (also a Bearer): the ordinary event socket
      ctx.next();
      return;
    }
    if (!tokenOk(LinkFrames.bearer(auth))) {
      log.warn("forward link from {} refused: wrong token", ctx.request().remoteAddress());
      Replies.error(ctx, 401, 401, "wrong link token");
      return;
    }
    ctx.request().toWebSocket().onSuccess(this::link).onFailure(err -> Replies.notAWebSocket(ctx));
  }

  private void link(ServerWebSocket ws) {
    log.info("forward link from the master at {} open", ws.remoteAddress());
    SocketLink.wire(ws, agent, () -> log.info("forward link from the master closed"));
  }

  private void rooms(RoutingContext ctx) {
    if (!tokenOk(LinkFrames.bearer(ctx.request().getHeader("Authorization")))) {
      log.warn("room list from {} refused: wrong or missing token", ctx.request().remoteAddress());
      Replies.error(ctx, 401, 401, "wrong or missing link token");
      return;
    }
    ctx.request().body().onSuccess(body -> {
      if (body.length() > MAX_BODY) {
        Replies.error(ctx, 413, 413, "room list too large");
        return;
      }
      LinkMessage message;
      try {
        message = LinkFrames.decode(body.toString(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, e.getMessage()));
        return;
      }
      if (!(message instanceof RoomSync)) {
        Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, "expected a room list (type sync)"));
        return;
      }
      agent.received(message);
      Replies.ok(ctx, null);
    }).onFailure(err -> Replies.fail(ctx, err));
  }

  private boolean tokenOk(String presented) {
    return LinkTokens.matches(token, presented);
  }
}
