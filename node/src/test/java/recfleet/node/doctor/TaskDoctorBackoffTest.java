package recfleet.node.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import recfleet.common.Addresses;
import recfleet.common.WireTypes;
import recfleet.common.event.RecfleetEvent;
import recfleet.common.testing.MovableClock;
import recfleet.node.notify.NodeEvents;

/**
 * TaskDoctor alone, on the event bus as the node uses it, with no ffmpeg and no database: a worker
 * that fails to start is replaced with doubling delays until it stays up, and one that failed after
 * a long healthy run starts its backoff over (time moved by hand).
 */
@ExtendWith(VertxExtension.class)
class TaskDoctorBackoffTest {
  private static final DoctorPolicy POLICY = new DoctorPolicy(Duration.ofMillis(10), Duration.ofSeconds(1),
      Duration.ofMinutes(5));

  /** A worker whose first {@code failing} starts fail. */
  private static Supplier<Deployable> flaky(AtomicInteger starts, int failing) {
    return () -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return starts.incrementAndGet() <= failing ? Future.failedFuture("broken " + starts.get())
            : Future.succeededFuture();
      }
    };
  }

  @Test
  void restarts_a_failing_worker_with_doubling_delays_until_it_stays_up(Vertx vertx, VertxTestContext ctx) {
    WireTypes.register(vertx);
    AtomicInteger starts = new AtomicInteger();
    List<RecfleetEvent> seen = new CopyOnWriteArrayList<>();
    Checkpoint restarted = ctx.checkpoint();
    vertx.eventBus().<RecfleetEvent>consumer(Addresses.EVT_ALL, msg -> {
      seen.add(msg.body());
      if (msg.body().eventType().name().equals("WorkerRestarted")) {
        ctx.verify(() -> {
          List<Object> delays = seen.stream().filter(e -> e.eventType().name().equals("WorkerFailed"))
              .map(e -> e.data("RetryInMs")).toList();
          assertEquals(List.of(10L, 20L, 40L), delays, "delays double from the minimum");
          assertEquals(3, msg.body().data("FailuresInRow"));
          assertEquals(4, starts.get(), "three failed starts, then one that stays up");
        });
        restarted.flag();
      }
    });
    var doctor = new TaskDoctor(Map.of("stage:flaky", flaky(starts, 3)), room -> null, POLICY, Clock.systemUTC(),
        new NodeEvents(vertx.eventBus(), "n1", ZoneOffset.UTC));
    vertx.deployVerticle(doctor).onFailure(ctx::failNow);
  }

  @Test
  void a_failure_after_a_long_healthy_run_starts_the_backoff_over(Vertx vertx, VertxTestContext ctx) {
    WireTypes.register(vertx);
    MovableClock clock = new MovableClock();
    AtomicInteger starts = new AtomicInteger();
    Checkpoint failedAgain = ctx.checkpoint();
    vertx.eventBus().<RecfleetEvent>consumer(Addresses.EVT_ALL, msg -> {
      if (msg.body().eventType().name().equals("WorkerRestarted")) {
        // it runs again; it stays up longer than healthy_after; then it fails once more
        clock.advance(POLICY.healthyAfter().plusSeconds(1));
        vertx.eventBus().send(Addresses.DOCTOR_FAILED, new JsonObject().put("unit", "stage:flaky").put("reason", "late"));
      } else if (msg.body().eventType().name().equals("WorkerFailed") && "late".equals(msg.body().data("Reason"))) {
        ctx.verify(() -> {
          assertEquals(1, msg.body().data("FailuresInRow"), "the count starts over");
          assertEquals(10L, msg.body().data("RetryInMs"));
        });
        failedAgain.flag();
      }
    });
    var doctor = new TaskDoctor(Map.of("stage:flaky", flaky(starts, 2)), room -> null, POLICY, clock,
        new NodeEvents(vertx.eventBus(), "n1", ZoneOffset.UTC));
    vertx.deployVerticle(doctor).onFailure(ctx::failNow);
  }

}
