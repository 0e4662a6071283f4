package recfleet.node.modes;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import recfleet.common.ApiError;

/**
 * The on-demand rooms this node is connected to, by room: where a capture request goes. A room FFmpeg
 * reads answers between packets: one whose source stalls answers late, or not before its read
 * timeout, so every call through here is answered within {@link #ANSWER_WITHIN_S} (a 503 that says
 * so), whichever API it came from.
 */
public final class RoomCaptures {
  static final int ANSWER_WITHIN_S = 10;

  private final Map<String, Capturer> rooms = new ConcurrentHashMap<>();

  public void put(String roomId, Capturer capturer) {
    rooms.put(roomId, capturer);
  }

  public void remove(String roomId, Capturer capturer) {
    rooms.remove(roomId, capturer);
  }

  public Optional<Capturer> get(String roomId) {
    return Optional.ofNullable(rooms.get(roomId)).map(c -> new Answering(roomId, c));
  }

  /** A room's capturer whose answers come within the bound. */
  private record Answering(String roomId, Capturer room) implements Capturer {
    @Override
    public Future<CaptureStarted> start(String captureId, long requestedStartMs, long endMs, String fileBase) {
      return bounded(room.start(captureId, requestedStartMs, endMs, fileBase));
    }

    @Override
    public Future<CaptureStarted> startEvent(String captureId, long requestedStartMs, long endMs) {
      return bounded(room.startEvent(captureId, requestedStartMs, endMs));
    }

    @Override
    public Future<Boolean> stop(String captureId) {
      return bounded(room.stop(captureId));
    }

    private <T> Future<T> bounded(Future<T> call) {
      return call.timeout(ANSWER_WITHIN_S, TimeUnit.SECONDS).recover(err -> Future.failedFuture(
          err instanceof TimeoutException ? new ApiError(ApiError.ROOM_SILENT, 503, "room " + roomId
              + " did not answer within " + ANSWER_WITHIN_S + " s: its source may have stalled") : err));
    }
  }
}
