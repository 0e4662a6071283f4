package recfleet.node.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.link.Redial;
import recfleet.common.link.LinkFrames;

/**
 * Reverse mode over plain HTTP, for networks whose proxies block WebSockets: opens a session on
 * the master's {@code /link/poll}, posts its messages in order (whatever queued while one post
 * was in flight goes in the next), and keeps one long-poll open for the master's. Any failure
 * closes the session and opens a new one after a growing, jittered delay.
 */
public final class LongPollDialer extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(LongPollDialer.class);
  private final LinkOptions options;
  private final MasterLinkAgent agent;
  private WebClient http;
  private String base;
  private volatile String session; // read by the agent's loop when it sends
  private MasterLinkAgent.MasterChannel channel;
  private final List<String> outbox = new ArrayList<>();
  private boolean posting;
  private Redial redial;
  private MasterUrls masters;
  /** The master the current (or last) link went to. */
  private java.net.URI dialled;

  public LongPollDialer(LinkOptions options, MasterLinkAgent agent) {
    this.options = options;
    this.agent = agent;
  }

  @Override
  public Future<?> start() {
    http = WebClient.create(vertx, options.trust(new WebClientOptions().setIdleTimeout(60).setKeepAlive(true)));
    redial = new Redial(vertx, options.backoff(), this::open);
    masters = new MasterUrls(options.masterUrls());
    agent.onLeaderHint(leader -> context.runOnContext(v -> masters.prefer(leader)));
    open();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    redial.stop();
    return Future.succeededFuture();
  }

  private void open() {
    if (redial.stopped()) return;
    var url = masters.current();
    dialled = url;
    base = (MasterUrls.tls(url) ? "https://" : "http://") + url.getHost() + ":" + MasterUrls.port(url)
        + MasterUrls.path(url) + "/link/poll";
    http.postAbs(base).putHeader("Authorization", LinkFrames.authorization(options.token())).send().onSuccess(resp -> {
      if (resp.statusCode() == 401) {
        log.error("the master at {} refused this node's token (HTTP 401); check [LINK] token", url);
        masters.next();
        redial.retry();
        return;
      }
      if (resp.statusCode() != 200) {
        log.warn("the master at {} would not open a long-poll link: HTTP {}", url, resp.statusCode());
        masters.next();
        redial.retry();
        return;
      }
      session = resp.bodyAsJsonObject().getJsonObject("data").getString("session");
      redial.succeeded();
      log.info("long-poll link to the master at {} open", url);
      String mine = session;
      channel = message -> {
        if (!mine.equals(session)) return false; // this link was lost; the next one takes it
        context.runOnContext(v -> queue(mine, LinkFrames.encode(message)));
        return true;
      };
      agent.attach(channel);
      poll(mine);
    }).onFailure(err -> {
      if (redial.failures() == 0) log.warn("cannot reach the master at {}: {}", url, err.getMessage());
      masters.next();
      redial.retry();
    });
  }

  private void queue(String forSession, String frame) {
    if (!forSession.equals(session)) return;
    outbox.add(frame);
    flush();
  }

  private void flush() {
    if (posting || outbox.isEmpty() || session == null) return;
    String mine = session;
    JsonArray batch = new JsonArray();
    outbox.forEach(f -> batch.add(new JsonObject(f)));
    outbox.clear();
    posting = true;
    http.postAbs(base + "/" + mine + "/send").putHeader("Authorization", LinkFrames.authorization(options.token()))
        .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(batch.encode()))
        .onComplete(ar -> {
          posting = false;
          if (ar.failed() || ar.result().statusCode() != 200) {
            lost(mine, ar.failed() ? ar.cause().getMessage() : "HTTP " + ar.result().statusCode());
            return;
          }
          flush();
        });
  }

  private void poll(String mine) {
    if (redial.stopped() || !mine.equals(session)) return;
    http.getAbs(base + "/" + mine + "/recv").putHeader("Authorization", LinkFrames.authorization(options.token()))
        .timeout(60_000).send().onComplete(ar -> {
          if (ar.failed() || ar.result().statusCode() != 200) {
            lost(mine, ar.failed() ? ar.cause().getMessage() : "HTTP " + ar.result().statusCode());
            return;
          }
          deliver(ar.result());
          poll(mine);
        });
  }

  private void deliver(HttpResponse<Buffer> resp) {
    JsonArray messages = resp.bodyAsJsonArray();
    if (messages == null) return;
    for (Object m : messages) {
      try {
        agent.received(LinkFrames.decode(io.vertx.core.json.Json.encode(m)));
      } catch (IllegalArgumentException e) {
        log.warn("the master sent a bad message; ignored: {}", e.getMessage());
      }
    }
  }

  private void lost(String mine, String why) {
    if (!mine.equals(session)) return;
    log.warn("long-poll link to the master lost ({}); opening a new one", why);
    session = null;
    outbox.clear();
    agent.detach(channel);
    if (masters.current().equals(dialled)) masters.next(); // unless told where the leader is, try the next master
    redial.retry();
  }


}
