package recfleet.master;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import recfleet.common.Addresses;

/** The master's HTTP routes. Mounted on the node's router when embedded, on its own server otherwise. */
public final class MasterRoutes {
  private MasterRoutes() {}

  public static void mount(Vertx vertx, Router router) {
    router.get("/api/nodes").handler(ctx -> listNodes(vertx, ctx));
  }

  private static void listNodes(Vertx vertx, RoutingContext ctx) {
    vertx.eventBus().<String>request(Addresses.MASTER_NODES, "")
        .onSuccess(reply -> ctx.response().putHeader("content-type", "application/json")
            .end("{\"code\":0,\"message\":\"ok\",\"data\":" + reply.body() + "}"))
        .onFailure(err -> ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end("{\"code\":503,\"message\":\"master not reachable\"}"));
  }
}
