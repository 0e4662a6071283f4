package recfleet.node.api;

import recfleet.common.ApiError;
import recfleet.common.web.Replies;
import recfleet.common.web.RoomIdGuard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.record.RecordingBoard;

/**
 * {@code GET /stream/cover/{stream}}: a JPEG of a live room as it is now ({@link LiveStills}: from
 * the room's GOP ring, or grabbed from its source) and cached for a while. Requests that arrive while a grab is under way wait for that grab
 * instead of starting their own (single flight). 404 when the room is not live, 503 when its
 * source cannot be read right now. State lives on the API verticle's event loop: no locks.
 */
final class LiveCovers {
  private static final Logger log = LoggerFactory.getLogger(LiveCovers.class);

  private record Grab(byte[] jpeg, long atMs) {}

  private final RecordingBoard board;
  private final LiveStills stills;
  private final WorkerExecutor workers;
  private final Duration cacheFor;
  private final Clock clock;
  private final Map<String, Grab> cache = new HashMap<>();
  private final Map<String, Future<Grab>> inFlight = new HashMap<>();

  LiveCovers(RecordingBoard board, LiveStills stills, WorkerExecutor workers, Duration cacheFor, Clock clock) {
    this.board = board;
    this.stills = stills;
    this.workers = workers;
    this.cacheFor = cacheFor;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/stream/cover/:stream").handler(RoomIdGuard.path("stream")).handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    String room = ctx.pathParam("stream");
    if (!board.stateOf(room).state().equals("RECORDING")) {
      Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, "the stream is not live");
      return;
    }
    Grab cached = cache.get(room);
    if (cached != null && clock.millis() - cached.atMs() < cacheFor.toMillis()) {
      send(ctx, cached);
      return;
    }
    inFlight.computeIfAbsent(room, this::grab).onComplete(ar -> {
      if (ar.succeeded()) {
        send(ctx, ar.result());
      } else {
        Replies.error(ctx, 503, 5030, "the live picture cannot be read right now; try again");
      }
    });
  }

  private Future<Grab> grab(String room) {
    Promise<Grab> done = Promise.promise();
    workers.executeBlocking(() -> new Grab(stills.picture(room), clock.millis()), false).onComplete(ar -> {
      inFlight.remove(room);
      if (ar.succeeded()) {
        cache.put(room, ar.result());
        done.complete(ar.result());
      } else {
        log.warn("[room {}] live cover failed: {}", room, ar.cause().getMessage());
        done.fail(ar.cause());
      }
    });
    return done.future();
  }

  private static void send(RoutingContext ctx, Grab grab) {
    ctx.response().putHeader("content-type", "image/jpeg")
        .putHeader("X-Cover-Grabbed-At", String.valueOf(grab.atMs()))
        .putHeader("cache-control", "max-age=60")
        .end(io.vertx.core.buffer.Buffer.buffer(grab.jpeg()));
  }
}
