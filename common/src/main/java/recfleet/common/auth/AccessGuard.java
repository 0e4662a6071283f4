package recfleet.common.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Printable;
import recfleet.common.web.Replies;

/**
 * The gate in front of every route of the node's or the master's HTTP port, built from vertx-web's
 * handlers: {@link SimpleAuthenticationHandler} takes the key, {@link AuthorizationHandler} checks
 * the role. Reads (GET, HEAD, and {@code /ws}) need a viewer key; everything else, and NGlive's
 * {@code /addroom} and {@code /removeroom} (changes made with a GET), an admin key. Routes that
 * carry their own secret (webhook targets, master links) are left to it. Safe by default: a route
 * added later is gated by the same rule. With no key configured nothing is gated, and the process
 * listens on loopback only (see {@link AuthOptions#bindAddress}).
 */
public final class AccessGuard {
  private static final Logger log = LoggerFactory.getLogger(AccessGuard.class);
  /** Where a client that cannot set headers (a player link, a browser's WebSocket) puts its key. */
  public static final String QUERY_PARAM = "api_key";
  public static final String HEADER = "X-API-Key";
  private static final Set<String> CONTROL_GETS = Set.of("/addroom", "/removeroom");

  private final AuthOptions options;
  private final Predicate<RoutingContext> ownSecret;
  private final AuthenticationHandler authenticate;
  private final AuthorizationHandler viewer = AuthorizationHandler.create(RoleBasedAuthorization.create(ApiKey.Role.VIEWER.id()));
  private final AuthorizationHandler admin = AuthorizationHandler.create(RoleBasedAuthorization.create(ApiKey.Role.ADMIN.id()));

  /** {@code ownSecret}: requests to routes that check a secret of their own (webhooks, links). */
  public AccessGuard(AuthOptions options, Predicate<RoutingContext> ownSecret) {
    this.options = options;
    this.ownSecret = ownSecret;
    ApiKeys keys = new ApiKeys(options.keys());
    this.authenticate = SimpleAuthenticationHandler.create().authenticate(ctx -> {
      String key = presentedKey(ctx);
      return key == null ? Future.failedFuture("no API key") : keys.authenticate(new TokenCredentials(key));
    });
  }

  /** Mounts the gate; call it before any route. */
  public void mount(Router router) {
    if (!options.corsOrigins().isEmpty()) {
      router.route().handler(CorsHandler.create().addOrigins(options.corsOrigins())
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", HEADER, "Content-Type", "Range", "If-Range")));
    }
    if (!options.enabled()) return;
    router.route().handler(ctx -> {
      if (ownSecret.test(ctx)) ctx.next();
      else authenticate.handle(ctx);
    });
    router.route().handler(ctx -> {
      if (ownSecret.test(ctx)) {
        ctx.next();
        return;
      }
      if (isControl(ctx)) {
        audit(ctx);
        admin.handle(ctx);
      } else {
        viewer.handle(ctx);
      }
    });
    router.errorHandler(401, ctx -> Replies.error(ctx, 401, 4010,
        "an API key is required: Authorization: Bearer <key>, " + HEADER + ": <key>, or ?" + QUERY_PARAM + "=<key>"));
    router.errorHandler(403, ctx -> Replies.error(ctx, 403, 4030,
        "this key's role may not do that: changes need an admin key"));
  }

  /** Changes: anything but a read, and NGlive's room changes, which are GETs. */
  public static boolean isControl(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    return !(m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS)
        || CONTROL_GETS.contains(ctx.normalizedPath());
  }

  private static String presentedKey(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).strip();
    String header = ctx.request().getHeader(HEADER);
    if (header != null) return header.strip();
    return ctx.request().getParam(QUERY_PARAM);
  }

  /** A control action, once answered: the key's name (never the key), the route, the room, the status. */
  private static void audit(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = ctx.normalizedPath();
    ctx.addEndHandler(v -> {
      User user = ctx.user();
      String name = user == null ? "-" : user.principal().getString("name", "-");
      log.info("[room {}] audit: key '{}' {} {} -> {}", roomOf(ctx), name, method, path, ctx.response().getStatusCode());
    });
  }

  private static String roomOf(RoutingContext ctx) {
    String room = ctx.request().getParam("roomid");
    if (room == null) room = ctx.pathParam("roomId");
    if (room == null && ctx.normalizedPath().startsWith("/api/rooms/")) room = ctx.pathParam("id");
    if (room == null && ctx.body() != null && ctx.body().length() > 0) {
      try {
        room = ctx.body().asJsonObject().getString("roomId");
      } catch (RuntimeException notJson) {
        room = null;
      }
    }
    return room == null ? "-" : Printable.clip(room, 70);
  }
}
