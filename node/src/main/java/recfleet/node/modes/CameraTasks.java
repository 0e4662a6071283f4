package recfleet.node.modes;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import recfleet.common.ApiError;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.event.EventType;
import recfleet.node.notify.CaptureFacts;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.Capture;
import recfleet.node.store.CaptureStore;
import recfleet.node.store.JobStore;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.Stage;

/**
 * camera.py's tasks on the [CAMERAS] rooms: a task {@code (camera_id, task_name)} is a capture from
 * now until it is stopped or {@code max_task_seconds} has passed, its file named
 * {@code {camera}_{task}_{Y-m-d_H-M-S}.mp4}. One task runs per camera: a repeated start is answered
 * with its status, another task's start or stop with {@code task_mismatch} and the running one. A
 * task asked for while its camera sends no picture (not connected yet, or reconnecting) is
 * {@code starting}: it begins with the camera's first keyframe, and gives up when
 * {@code max_task_seconds} pass first. Tasks and their results live in the node's database, so they
 * outlast a restart, waiting ones included. Calls on one camera run one after another.
 */
public final class CameraTasks {
  private static final Logger log = LoggerFactory.getLogger(CameraTasks.class);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss");
  /** A task name as camera.py's clients send it: 1-64 characters, none a control character or a path separator. */
  private static final Pattern TASK_NAME = Pattern.compile("[^\\p{Cntrl}/\\\\]{1,64}");
  private static final Pattern UNSAFE_IN_FILE_NAME = Pattern.compile("[^\\p{L}\\p{N}_-]");

  /** An answer: its HTTP status and camera.py's JSON body. */
  public record Reply(int httpStatus, Map<String, Object> body) {}

  /** What the tasks read and act on. */
  public record Parts(CameraOptions cameras, RoomCaptures capturers, CaptureStore captures, RecordingStore recordings,
                      JobStore jobs, NodeEvents events, WorkerExecutor db, String storageType, Path works) {}

  private final Parts parts;
  private final Clock clock;
  private final ZoneId zone;
  private final Map<String, Future<?>> queues = new ConcurrentHashMap<>();
  private final CaptureEnds ends;
  /** Tasks waiting for their camera's first picture, by id; and those a begin is being tried for. */
  private final Map<String, Capture> waiting = new ConcurrentHashMap<>();
  private final Set<String> trying = ConcurrentHashMap.newKeySet();

  public CameraTasks(Parts parts, Clock clock, ZoneId zone) {
    this.parts = parts;
    this.clock = clock;
    this.zone = zone;
    this.ends = new CaptureEnds(parts.capturers(), parts.captures(), parts.events(), parts.db());
  }

  public Future<Reply> start(String camera, String task) {
    return checked(camera, task).orElseGet(() -> inTurn(camera, () -> parts.db().executeBlocking(() -> running(camera))
        .compose(running -> {
          if (running.isPresent()) {
            return running.get().name().equals(task) ? view(running.get()).map(v -> new Reply(200, v))
                : Future.succeededFuture(mismatch(camera, task, running.get()));
          }
          Capture asked = Capture.waiting(UUID.randomUUID().toString(), camera, at(clock.millis()), Capture.Labels.named(task));
          return parts.db().executeBlocking(() -> parts.captures().insert(asked)).compose(x -> begin(asked));
        })));
  }

  public Future<Reply> stop(String camera, String task) {
    return checked(camera, task).orElseGet(() -> inTurn(camera, () -> parts.db().executeBlocking(() -> running(camera))
        .compose(running -> {
          if (running.isEmpty()) return Future.succeededFuture(new Reply(200, TaskView.plain("not_running", camera, task)));
          if (!running.get().name().equals(task)) return Future.succeededFuture(mismatch(camera, task, running.get()));
          waiting.remove(running.get().captureId());
          return ends.stop(running.get()).compose(c -> parts.db().executeBlocking(() -> new Reply(200, viewNow(c))));
        })));
  }

  /** GET /status/{camera_id}: the task starting or running, or idle with the last one. */
  public Future<Reply> status(String camera) {
    if (!parts.cameras().sources().containsKey(camera)) return Future.succeededFuture(notFound(camera, null, "no such camera"));
    return parts.db().executeBlocking(() -> {
      Optional<Capture> last = parts.captures().latest(camera, Capture.TASK, null);
      if (last.isPresent() && last.get().open()) return new Reply(200, viewNow(last.get()));
      Map<String, Object> body = TaskView.plain("idle", camera, null);
      body.put("last_task", last.map(this::viewNow).orElse(null));
      return new Reply(200, body);
    });
  }

  /** POST /query_task: the newest task of that name on the camera, wherever it is now. */
  public Future<Reply> query(String camera, String task) {
    return checked(camera, task).orElseGet(() -> parts.db().executeBlocking(() ->
        parts.captures().latest(camera, Capture.TASK, task).map(c -> new Reply(200, viewNow(c)))
            .orElseGet(() -> notFound(camera, task, "no such task"))));
  }

  /** Blocking, at boot: the tasks a stopped node left waiting for their camera wait again. */
  public int resumeWaiting() {
    parts.captures().waiting().forEach(c -> waiting.put(c.captureId(), c));
    return waiting.size();
  }

  /**
   * Called every half second: begins the waiting tasks whose camera is connected, and gives up those
   * that waited {@code max_task_seconds} (ended as max_duration, with nothing recorded).
   */
  public void beginWaiting() {
    long now = clock.millis();
    for (Capture c : waiting.values()) {
      boolean overdue = c.requestedStart().toInstant().toEpochMilli() + parts.cameras().maxTask().toMillis() <= now;
      if ((!overdue && parts.capturers().get(c.roomId()).isEmpty()) || !trying.add(c.captureId())) continue;
      inTurn(c.roomId(), () -> parts.db().executeBlocking(() -> parts.captures().get(c.captureId()))
          .compose(stored -> {
            if (stored.isEmpty() || !Capture.STARTING.equals(stored.get().state())) {
              waiting.remove(c.captureId());
              return Future.<Object>succeededFuture();
            }
            return overdue ? giveUp(c).mapEmpty() : begin(stored.get()).mapEmpty();
          }))
          .onComplete(x -> trying.remove(c.captureId()));
    }
  }

  /** Begins a task asked for (stored as starting) on its camera, or leaves it waiting for the camera's first picture. */
  private Future<Reply> begin(Capture asked) {
    String camera = asked.roomId();
    Optional<Capturer> capturer = parts.capturers().get(camera);
    if (capturer.isEmpty()) return keepWaiting(asked);
    long now = clock.millis();
    String id = asked.captureId();
    String fileBase = camera + "_" + UNSAFE_IN_FILE_NAME.matcher(asked.name()).replaceAll("_") + "_"
        + Instant.ofEpochMilli(now).atZone(zone).format(FILE_TIME);
    long end = now + parts.cameras().maxTask().toMillis();
    return capturer.get().start(id, now, end, fileBase)
        .compose(started -> parts.db().executeBlocking(() -> {
          waiting.remove(id);
          if (!parts.captures().begun(id, at(started.keyframeArrivedAtMs()), at(end), fileBase, started.joinedTo())) {
            throw new IllegalStateException("task '" + asked.name() + "' was stopped while it began");
          }
          Capture c = parts.captures().get(id).orElseThrow();
          parts.events().publish(EventType.CaptureStarted, CaptureFacts.of(c, List.of()));
          log.info("[room {}] task '{}' started (capture {})", camera, asked.name(), id);
          return new Reply(200, viewNow(c));
        }))
        .recover(err -> err instanceof ApiError e && e.code() == ApiError.NOTHING_BUFFERED ? keepWaiting(asked)
            : failed(asked, capturer.get(), err));
  }

  private Future<Reply> keepWaiting(Capture asked) {
    if (waiting.put(asked.captureId(), asked) == null) {
      log.info("[room {}] task '{}' waits for the camera's first picture (capture {})", asked.roomId(), asked.name(),
          asked.captureId());
    }
    return view(asked).map(v -> new Reply(200, v));
  }

  /** The room refused the task or did not answer: whatever it may have opened is closed, and the task failed. */
  private Future<Reply> failed(Capture asked, Capturer capturer, Throwable err) {
    waiting.remove(asked.captureId());
    log.warn("[room {}] task '{}' could not begin: {}", asked.roomId(), asked.name(), err.getMessage());
    return capturer.stop(asked.captureId()).transform(x -> parts.db().executeBlocking(() -> {
      CaptureEnds.record(parts.captures(), parts.events(), asked.captureId(), Capture.BY_FAILURE);
      Map<String, Object> body = viewNow(parts.captures().get(asked.captureId()).orElse(asked));
      body.put("error", err.getMessage());
      return new Reply(503, body);
    }));
  }

  private Future<Void> giveUp(Capture c) {
    waiting.remove(c.captureId());
    log.warn("[room {}] task '{}' ends: the camera sent no picture within max_task_seconds", c.roomId(), c.name());
    return parts.db().executeBlocking(() -> {
      CaptureEnds.record(parts.captures(), parts.events(), c.captureId(), Capture.BY_DURATION);
      return null;
    });
  }

  /** Blocking: the camera's task starting or running, if any. */
  private Optional<Capture> running(String camera) {
    return parts.captures().latest(camera, Capture.TASK, null).filter(Capture::open);
  }

  private Future<Map<String, Object>> view(Capture c) {
    return parts.db().executeBlocking(() -> viewNow(c));
  }

  /** Blocking (reads the file's row and its jobs). */
  private Map<String, Object> viewNow(Capture c) {
    var file = parts.recordings().get(c.captureId());
    boolean notified = file.isPresent()
        && parts.jobs().state(c.captureId(), Stage.NOTIFY).map(JobStore.DONE::equals).orElse(false);
    return TaskView.of(c, file, notified, parts.storageType(), parts.works());
  }

  /** camera_id and task_name must name a configured camera and be a task name; empty when they do. */
  private Optional<Future<Reply>> checked(String camera, String task) {
    if (camera == null || !parts.cameras().sources().containsKey(camera)) {
      return Optional.of(Future.succeededFuture(notFound(camera, task, "no such camera")));
    }
    if (task == null || !TASK_NAME.matcher(task).matches()) {
      return Optional.of(Future.succeededFuture(new Reply(400, TaskView.withError("failed", camera, task,
          "task_name must be 1-64 characters, without control characters, '/' or '\\\\'"))));
    }
    return Optional.empty();
  }

  private Reply mismatch(String camera, String task, Capture running) {
    Map<String, Object> body = TaskView.plain("task_mismatch", camera, task);
    body.put("running_task", running.name());
    return new Reply(409, body);
  }

  private static Reply notFound(String camera, String task, String why) {
    return new Reply(404, TaskView.withError("not_found", camera, task, why));
  }

  /** Runs {@code call} after the camera's calls before it have finished: one start or stop at a time per camera. */
  private <T> Future<T> inTurn(String camera, java.util.function.Supplier<Future<T>> call) {
    Future<T>[] mine = new Future[1];
    queues.compute(camera, (k, previous) -> {
      Future<?> before = previous == null ? Future.succeededFuture() : previous.transform(x -> Future.succeededFuture());
      mine[0] = before.compose(x -> call.get());
      return mine[0];
    });
    mine[0].onComplete(x -> queues.remove(camera, mine[0]));
    return mine[0];
  }

  private OffsetDateTime at(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atZone(zone).toOffsetDateTime();
  }
}
