package recfleet.node.doctor;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.event.EventType;
import recfleet.node.notify.NodeEvents;

/**
 * The only code that deploys and undeploys stage workers and recording tasks. A unit that fails
 * to start, or reports a failure, is undeployed and a fresh instance is deployed after a backoff
 * that grows with each failure in a row. All state lives on this verticle's event loop.
 */
public final class TaskDoctor extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(TaskDoctor.class);
  public static final String ROOM_PREFIX = "room:";

  private final Map<String, Supplier<Deployable>> stages;
  private final Function<String, Deployable> recordingTaskFor;
  private final DoctorPolicy policy;
  private final Clock clock;
  private final NodeEvents events;
  private final Map<String, Unit> units = new LinkedHashMap<>();

  /** One supervised unit and its history. */
  private static final class Unit {
    final String name;
    final Supplier<Deployable> factory;
    String deploymentId;
    boolean wanted = true;
    boolean deploying;
    int failuresInRow;
    int restarts;
    long startedAtMs;
    long timerId = -1;
    long nextTryAtMs;
    String lastError;

    Unit(String name, Supplier<Deployable> factory) {
      this.name = name;
      this.factory = factory;
    }
  }

  public TaskDoctor(Map<String, Supplier<Deployable>> stages, Function<String, Deployable> recordingTaskFor,
                    DoctorPolicy policy, Clock clock, NodeEvents events) {
    this.stages = stages;
    this.recordingTaskFor = recordingTaskFor;
    this.policy = policy;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    List<Future<?>> ready = new ArrayList<>();
    ready.add(bus.<JsonObject>localConsumer(Addresses.DOCTOR_FAILED, this::onFailed).completion());
    ready.add(bus.<JsonObject>localConsumer(Addresses.DOCTOR_FINISHED, this::onFinished).completion());
    ready.add(bus.<JsonObject>localConsumer(Addresses.DOCTOR_TASK_START, this::onStartTask).completion());
    ready.add(bus.<JsonObject>localConsumer(Addresses.DOCTOR_TASK_STOP, this::onStopTask).completion());
    ready.add(bus.<Object>localConsumer(Addresses.DOCTOR_STATUS, msg -> msg.reply(status())).completion());
    return Future.all(ready).compose(v -> {
      // A stage that cannot start yet is retried by the doctor; it does not fail the node's boot.
      List<Future<?>> first = new ArrayList<>();
      stages.forEach((name, factory) -> first.add(deploy(supervise(name, factory)).otherwiseEmpty()));
      return Future.all(first);
    });
  }

  private Unit supervise(String name, Supplier<Deployable> factory) {
    Unit unit = new Unit(name, factory);
    units.put(name, unit);
    return unit;
  }

  private Future<String> deploy(Unit unit) {
    unit.timerId = -1;
    unit.deploying = true;
    return vertx.deployVerticle(unit.factory.get())
        .onSuccess(id -> {
          unit.deploying = false;
          if (!unit.wanted) {
            vertx.undeploy(id);
            return;
          }
          unit.deploymentId = id;
          unit.startedAtMs = clock.millis();
          if (unit.failuresInRow > 0) {
            unit.restarts++;
            log.info("[{}] running again after {} failure(s) in a row", unit.name, unit.failuresInRow);
            events.publish(EventType.WorkerRestarted, Map.of("Worker", unit.name, "FailuresInRow", unit.failuresInRow));
          }
        })
        .onFailure(err -> {
          unit.deploying = false;
          failed(unit, "start failed: " + err.getMessage());
        });
  }

  private void failed(Unit unit, String reason) {
    if (!unit.wanted || unit.timerId != -1) return;
    if (unit.deploymentId != null) {
      vertx.undeploy(unit.deploymentId);
      unit.deploymentId = null;
    }
    long now = clock.millis();
    if (unit.startedAtMs > 0 && now - unit.startedAtMs >= policy.healthyAfter().toMillis()) {
      unit.failuresInRow = 0; // it had a long healthy run: this is a new problem, not the same one
    }
    unit.failuresInRow++;
    unit.lastError = reason;
    long delay = policy.delayFor(unit.failuresInRow).toMillis();
    unit.nextTryAtMs = now + delay;
    log.warn("[{}] failed ({} in a row), fresh instance in {} ms: {}", unit.name, unit.failuresInRow, delay, reason);
    events.publish(EventType.WorkerFailed, Map.of("Worker", unit.name, "Reason", reason,
        "FailuresInRow", unit.failuresInRow, "RetryInMs", delay));
    unit.timerId = vertx.setTimer(delay, t -> deploy(unit));
  }

  private void onFailed(Message<JsonObject> msg) {
    Unit unit = units.get(msg.body().getString("unit"));
    if (unit != null) failed(unit, msg.body().getString("reason", "unknown"));
  }

  private void onFinished(Message<JsonObject> msg) {
    Unit unit = units.remove(msg.body().getString("unit"));
    if (unit == null) return;
    unit.wanted = false;
    log.info("[{}] finished", unit.name);
    if (unit.deploymentId != null) vertx.undeploy(unit.deploymentId);
  }

  private void onStartTask(Message<JsonObject> msg) {
    String roomId = msg.body().getString("roomId");
    String name = ROOM_PREFIX + roomId;
    Unit existing = units.get(name);
    if (existing != null && existing.wanted) {
      msg.reply(new JsonObject().put("unit", name).put("state", "already running"));
      return;
    }
    Unit unit = supervise(name, () -> recordingTaskFor.apply(roomId));
    deploy(unit).onComplete(ar -> msg.reply(new JsonObject().put("unit", name)
        .put("state", ar.succeeded() ? "running" : "retrying")));
  }

  private void onStopTask(Message<JsonObject> msg) {
    String name = ROOM_PREFIX + msg.body().getString("roomId");
    Unit unit = units.remove(name);
    if (unit == null) {
      msg.reply(new JsonObject().put("unit", name).put("state", "not running"));
      return;
    }
    unit.wanted = false;
    if (unit.timerId != -1) vertx.cancelTimer(unit.timerId);
    Future<Void> undeployed = unit.deploymentId == null ? Future.succeededFuture() : vertx.undeploy(unit.deploymentId);
    undeployed.onComplete(ar -> msg.reply(new JsonObject().put("unit", name).put("state", "stopped")));
  }

  private JsonArray status() {
    JsonArray out = new JsonArray();
    units.values().forEach(u -> out.add(new JsonObject()
        .put("unit", u.name)
        .put("state", u.deploymentId != null ? "running" : u.deploying ? "starting" : "waiting")
        .put("failuresInRow", u.failuresInRow)
        .put("restarts", u.restarts)
        .put("nextTryAtMs", u.deploymentId == null ? u.nextTryAtMs : null)
        .put("lastError", u.lastError)));
    return out;
  }
}
