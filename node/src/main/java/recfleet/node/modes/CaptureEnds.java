package recfleet.node.modes;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import recfleet.common.event.EventType;
import recfleet.node.notify.CaptureFacts;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.Capture;
import recfleet.node.store.CaptureStore;

/**
 * How a capture ends, whoever ends it: its room stops writing it (the file closes when no capture is
 * left), and its end is stored and announced (CaptureEnded) once, by whichever gets there first, the
 * room's recorder (a duration ran out, the room stopped) or a stop request (the native API, camera.py's
 * stop_task, Monibuca's stop).
 */
public final class CaptureEnds {
  private final RoomCaptures capturers;
  private final CaptureStore captures;
  private final NodeEvents events;
  private final WorkerExecutor db;

  public CaptureEnds(RoomCaptures capturers, CaptureStore captures, NodeEvents events, WorkerExecutor db) {
    this.capturers = capturers;
    this.captures = captures;
    this.events = events;
    this.db = db;
  }

  /** Ends a capture on request; the capture as stored afterwards. */
  public Future<Capture> stop(Capture c) {
    Future<Boolean> onRoom = Capture.RECORDING.equals(c.state())
        ? capturers.get(c.roomId()).map(r -> r.stop(c.captureId())).orElse(Future.succeededFuture(false))
        : Future.succeededFuture(false);
    return onRoom.compose(x -> db.executeBlocking(() -> {
      record(captures, events, c.captureId(), Capture.BY_REQUEST);
      return captures.get(c.captureId()).orElse(c);
    }));
  }

  /**
   * Blocking: stores that the capture is over and says so; false if it was over already (and said). A
   * task that never began (its camera sent no picture) announced no start, so it announces no end.
   */
  public static boolean record(CaptureStore captures, NodeEvents events, String captureId, String reason) {
    if (!captures.markEnded(captureId, reason)) return false;
    captures.get(captureId).filter(c -> c.startedAt() != null)
        .ifPresent(c -> events.publish(EventType.CaptureEnded, CaptureFacts.of(c, captures.files(captureId))));
    return true;
  }
}
