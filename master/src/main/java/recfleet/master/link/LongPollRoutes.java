package recfleet.master.link;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.link.LinkFrames;
import recfleet.common.link.LinkMessage;
import recfleet.common.web.Replies;
import recfleet.master.FleetMaster;

/**
 * The reverse link's fallback where a proxy blocks WebSockets: plain HTTP long-poll.
 * {@code POST /link/poll} opens a session; the node posts its messages (a JSON array) to
 * {@code POST /link/poll/{session}/send} and waits for the master's on
 * {@code GET /link/poll/{session}/recv}, which answers as soon as there is something, or empty
 * after {@value #WAIT_MS} ms. A session nobody polls for {@value #IDLE_MS} ms is closed. Every
 * request carries the token; a wrong one gets a 401 and a log line.
 */
public final class LongPollRoutes {
  private static final Logger log = LoggerFactory.getLogger(LongPollRoutes.class);
  static final long WAIT_MS = 20_000;
  static final long IDLE_MS = 30_000;
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private final Vertx vertx;
  private final FleetMaster master;
  private final Map<String, PollChannel> sessions = new ConcurrentHashMap<>();

  public LongPollRoutes(Vertx vertx, FleetMaster master) {
    this.vertx = vertx;
    this.master = master;
  }

  public void mount(Router router) {
    router.post("/link/poll").handler(this::open);
    router.post("/link/poll/:session/send").handler(this::send);
    router.get("/link/poll/:session/recv").handler(this::recv);
    vertx.setPeriodic(5_000, id -> sessions.values().forEach(PollChannel::expireIfIdle));
  }

  private boolean refused(RoutingContext ctx) {
    if (master.tokenOk(LinkFrames.bearer(ctx.request().getHeader("Authorization")))) return false;
    log.warn("long-poll link from {} refused: wrong or missing token", ctx.request().remoteAddress());
    Replies.error(ctx, 401, 401, "wrong or missing link token");
    return true;
  }

  private void open(RoutingContext ctx) {
    if (refused(ctx)) return;
    PollChannel channel = new PollChannel(UUID.randomUUID().toString());
    sessions.put(channel.session, channel);
    Replies.ok(ctx, Map.of("session", channel.session, "waitMs", WAIT_MS));
  }

  private PollChannel session(RoutingContext ctx) {
    PollChannel channel = sessions.get(ctx.pathParam("session"));
    if (channel == null) Replies.error(ctx, 410, 410, "no such link session; open a new one");
    return channel;
  }

  private void send(RoutingContext ctx) {
    if (refused(ctx)) return;
    PollChannel channel = session(ctx);
    if (channel == null) return;
    ctx.request().body().onSuccess(body -> {
      if (body.length() > MAX_BODY) {
        Replies.error(ctx, 413, 413, "too much at once");
        return;
      }
      List<LinkMessage> messages = new ArrayList<>();
      try {
        for (Object item : new JsonArray(body.toString(StandardCharsets.UTF_8))) {
          messages.add(LinkFrames.decode(io.vertx.core.json.Json.encode(item)));
        }
      } catch (RuntimeException e) {
        Replies.error(ctx, 400, 400, "expected a JSON array of link messages");
        return;
      }
      channel.touch();
      messages.forEach(m -> master.received(channel, m));
      Replies.ok(ctx, null);
    }).onFailure(err -> Replies.fail(ctx, err));
  }

  private void recv(RoutingContext ctx) {
    if (refused(ctx)) return;
    PollChannel channel = session(ctx);
    if (channel == null) return;
    channel.poll(ctx);
  }

  /** One node's long-poll session: messages wait in a queue until the node's next poll takes them. */
  private final class PollChannel extends BoundChannel {
    final String session;
    private final Deque<String> outbox = new ArrayDeque<>();
    private RoutingContext waiting;
    private long waitTimer = -1;
    private long lastPollMs = System.currentTimeMillis();
    private boolean closed;

    PollChannel(String session) {
      this.session = session;
    }

    void touch() {
      lastPollMs = System.currentTimeMillis();
    }

    synchronized void poll(RoutingContext ctx) {
      touch();
      if (waiting != null) answer(); // a newer poll replaces the old one
      waiting = ctx;
      if (!outbox.isEmpty() || closed) {
        answer();
        return;
      }
      waitTimer = vertx.setTimer(WAIT_MS, id -> {
        synchronized (this) {
          if (waiting == ctx) answer();
        }
      });
      ctx.request().connection().closeHandler(v -> {
        synchronized (this) {
          if (waiting == ctx) waiting = null;
        }
      });
    }

    private void answer() {
      RoutingContext ctx = waiting;
      waiting = null;
      if (waitTimer != -1) vertx.cancelTimer(waitTimer);
      waitTimer = -1;
      if (ctx == null || ctx.response().ended()) return;
      if (closed && outbox.isEmpty()) {
        Replies.error(ctx, 410, 410, "link session closed");
        return;
      }
      StringBuilder body = new StringBuilder("[");
      while (!outbox.isEmpty()) {
        if (body.length() > 1) body.append(',');
        body.append(outbox.poll());
      }
      ctx.response().putHeader("content-type", "application/json").end(body.append(']').toString());
    }

    synchronized void expireIfIdle() {
      if (waiting == null && System.currentTimeMillis() - lastPollMs > IDLE_MS) {
        log.info("[node {}] long-poll session idle for {} ms; closing it", nodeId(), IDLE_MS);
        close("idle");
      }
    }

    @Override
    public String mode() {
      return "reverse-longpoll";
    }

    @Override
    public synchronized void send(LinkMessage message) {
      if (closed) return;
      if (outbox.size() >= 1000) outbox.poll(); // a node that stopped polling must not grow the master
      outbox.add(LinkFrames.encode(message));
      if (waiting != null) answer();
    }

    @Override
    public synchronized void close(String reason) {
      if (closed) return;
      closed = true;
      sessions.remove(session);
      if (waiting != null) answer();
      master.closed(this);
    }

  }
}
