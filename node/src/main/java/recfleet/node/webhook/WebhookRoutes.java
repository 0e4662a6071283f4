package recfleet.node.webhook;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.source.AddressRules;
import recfleet.common.link.LinkTokens;
import recfleet.node.modes.PublishHooks;

/**
 * The webhook targets, at the paths the senders already use: {@code POST /webhook/}
 * (BililiveRecorder v2), {@code POST /stream/on_dvr/}, {@code /stream/on_publish/},
 * {@code /stream/on_unpublish/} (SRS) and {@code POST /index/hook/on_record_mp4} (ZLMediaKit).
 * Each answers as soon as the call is stored; SRS and ZLMediaKit read {@code "code":0} as success.
 */
public final class WebhookRoutes {
  private static final Logger log = LoggerFactory.getLogger(WebhookRoutes.class);
  private static final String SECRET_HEADER = "X-Recfleet-Secret";
  /** The senders' paths: each checks its sender's own secret, not an API key. */
  public static final java.util.Set<String> PATHS = java.util.Set.of("/webhook", "/webhook/", "/stream/on_dvr/",
      "/stream/on_publish/", "/stream/on_unpublish/", "/index/hook/on_record_mp4");

  private final WebhookIntake intake;
  private final PublishHooks hooks;
  private final WebhookOptions options;
  private final WorkerExecutor workers;
  private final AddressRules senders;

  public WebhookRoutes(WebhookIntake intake, WebhookOptions options, WorkerExecutor workers, PublishHooks hooks) {
    this.intake = intake;
    this.hooks = hooks;
    this.options = options;
    this.workers = workers;
    this.senders = AddressRules.of(options.allowedSenders());
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create().setBodyLimit(options.maxBodyBytes()).setHandleFileUploads(false);
    for (String path : new String[] {"/webhook", "/webhook/"}) {
      router.post(path).handler(body).handler(ctx -> handle(ctx, options.bililiveSecret(),
          json -> intake.bililive(json), "{\"code\":0,\"message\":\"ok\"}"));
    }
    router.post("/stream/on_dvr/").handler(body).handler(ctx -> handle(ctx, options.srsSecret(),
        json -> intake.srsDvr(json), "{\"code\":0}"));
    // SRS's http_hooks (JSON) and nginx-rtmp's on_publish / on_publish_done (a form): path rules record
    router.post("/stream/on_publish/").handler(body).handler(ctx -> handle(ctx, options.srsSecret(), FORM_TOO, json -> {
      intake.srsPublish(json, true);
      hooks.published(json, ctx.request().remoteAddress().hostAddress());
      return true;
    }, "{\"code\":0}"));
    router.post("/stream/on_unpublish/").handler(body).handler(ctx -> handle(ctx, options.srsSecret(), FORM_TOO, json -> {
      intake.srsPublish(json, false);
      hooks.unpublished(json);
      return true;
    }, "{\"code\":0}"));
    router.post("/index/hook/on_record_mp4").handler(body).handler(ctx -> handle(ctx, options.zlmSecret(),
        json -> intake.zlmRecord(json), "{\"code\":0,\"msg\":\"success\"}"));
  }

  private interface Call {
    boolean take(JsonObject body);
  }

  private static final java.util.function.Function<String, JsonObject> JSON = Fields::parse;
  private static final java.util.function.Function<String, JsonObject> FORM_TOO = Fields::parseJsonOrForm;

  private void handle(RoutingContext ctx, String secret, Call call, String okBody) {
    handle(ctx, secret, JSON, call, okBody);
  }

  private void handle(RoutingContext ctx, String secret, java.util.function.Function<String, JsonObject> parser, Call call,
                      String okBody) {
    String path = ctx.request().path();
    String from = ctx.request().remoteAddress().hostAddress();
    if (!senders.isEmpty() && !senders.contains(from)) {
      log.warn("webhook {} from {} refused: not in [WEBHOOK] allowed_senders", path, from);
      reply(ctx, 403, "{\"code\":4030,\"message\":\"this address may not call the webhook ([WEBHOOK] allowed_senders)\"}");
      return;
    }
    if (!secret.isEmpty() && !secretMatches(ctx, secret)) {
      log.warn("webhook {} from {} refused: wrong or missing secret", path, ctx.request().remoteAddress());
      reply(ctx, 401, "{\"code\":4010,\"message\":\"wrong or missing secret\"}");
      return;
    }
    String text = ctx.body().asString(StandardCharsets.UTF_8.name());
    Callable<Boolean> work = () -> call.take(parser.apply(text));
    workers.executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        reply(ctx, 200, okBody);
      } else if (ar.cause() instanceof WebhookError e) {
        log.warn("webhook {} refused ({}): {}", path, e.status(), e.getMessage());
        reply(ctx, e.status(), new JsonObject().put("code", e.code()).put("message", e.getMessage()).encode());
      } else {
        log.error("webhook {} failed", path, ar.cause());
        reply(ctx, 500, "{\"code\":5000,\"message\":\"internal error; see the node's log\"}");
      }
    });
  }

  private static boolean secretMatches(RoutingContext ctx, String secret) {
    String given = ctx.request().getHeader(SECRET_HEADER);
    if (given == null) given = ctx.request().getParam("secret");
    return LinkTokens.matches(secret, given); // the same constant-time comparison as the link tokens
  }

  private static void reply(RoutingContext ctx, int status, String json) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(json);
  }
}
