package recfleet.node.modes;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;
import recfleet.node.record.RecordingBoard;
import recfleet.node.store.RoomEntry;
import recfleet.node.store.RoomStore;

/**
 * Keeps scheduled rooms to their windows: every second it asks each room's {@link Schedule} about the
 * clock's now, and when the answer changes, has TaskDoctor start the room's recording task (a window
 * opened) or stop it (it closed: the open file is closed and stored, the source connection goes).
 * Outside a window a room shows SCHEDULED. Rooms held from a master follow the master, not this.
 * The schedules are read from the database every few seconds, and a removed room is dropped as its
 * RoomRemoved passes; the clock is injected.
 */
public final class ScheduleKeeper extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ScheduleKeeper.class);
  private static final long TICK_MS = 1000;
  private static final int READ_EVERY_TICKS = 5;

  private final RoomStore rooms;
  private final WorkerExecutor db;
  private final RecordingBoard board;
  private final Clock clock;
  private final ZoneId zone;
  private final Map<String, Boolean> open = new HashMap<>();
  private Map<String, Schedule> schedules = Map.of();
  private long timer;
  private int ticks;

  public ScheduleKeeper(RoomStore rooms, WorkerExecutor db, RecordingBoard board, Clock clock, ZoneId zone) {
    this.rooms = rooms;
    this.db = db;
    this.board = board;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public Future<?> start() {
    // a room removed between two reads is forgotten at once: neither started nor shown SCHEDULED again
    var removals = vertx.eventBus().<RecfleetEvent>localConsumer(Addresses.EVT_ALL, msg -> {
      if (msg.body().eventType() == EventType.RoomRemoved) forget(String.valueOf(msg.body().data("RoomId")));
    });
    return removals.completion().compose(v -> read()).onSuccess(v -> timer = vertx.setPeriodic(TICK_MS, t -> tick()));
  }

  private void forget(String roomId) {
    if (!schedules.containsKey(roomId)) return;
    Map<String, Schedule> left = new HashMap<>(schedules);
    left.remove(roomId);
    schedules = left;
    open.remove(roomId);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void tick() {
    if (++ticks % READ_EVERY_TICKS == 0) read();
    schedules.forEach((roomId, schedule) -> {
      boolean now = schedule.isOpen(clock.instant());
      Boolean before = open.put(roomId, now);
      if (before != null && before == now) return;
      JsonObject room = new JsonObject().put("roomId", roomId);
      if (now) {
        log.info("[room {}] a recording window opens: recording", roomId);
        vertx.eventBus().request(Addresses.DOCTOR_TASK_START, room);
      } else {
        log.info("[room {}] outside its recording windows: not recording, not connected", roomId);
        vertx.eventBus().request(Addresses.DOCTOR_TASK_STOP, room).onComplete(x -> {
          if (Boolean.FALSE.equals(open.get(roomId))) board.offSchedule(roomId);
        });
      }
    });
  }

  /** The node's own active rooms that have a schedule (a bad one was refused when the room was added). */
  private Future<Void> read() {
    return db.executeBlocking(() -> {
      Map<String, Schedule> found = new HashMap<>();
      for (RoomEntry r : rooms.active()) {
        try {
          Schedule s = Schedule.of(r.options(), zone);
          if (s != null) found.put(r.roomId(), s);
        } catch (IllegalArgumentException e) {
          log.warn("[room {}] {}; it records without a schedule", r.roomId(), e.getMessage());
        }
      }
      return found;
    }).onSuccess(found -> {
      schedules = found;
      open.keySet().retainAll(found.keySet());
    }).mapEmpty();
  }

  /** Whether a room may run now: it has no schedule, or one of its windows is open. For starts outside the keeper. */
  public static boolean mayRun(RoomEntry room, Clock clock, ZoneId zone) {
    try {
      Schedule s = Schedule.of(room.options(), zone);
      return s == null || s.isOpen(clock.instant());
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
