package recfleet.node.testing;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import recfleet.common.testing.Poll;

/** Test waits on an on-demand room's ring and on recordings, read through the node's API. */
public final class Rings {
  private Rings() {}

  /**
   * Waits until the room's ring reaches back {@code ms}: a start ten minutes back is refused as too
   * old, and the refusal says when the oldest buffered keyframe arrived. Returns that refusal.
   */
  public static JsonObject awaitDepth(int port, String room, long ms) {
    return Poll.until(Duration.ofSeconds(30), ms + " ms in the ring of " + room, () -> {
      Http.Reply r = Http.post(port, "/api/recordings/start", new JsonObject().put("roomId", room)
          .put("recordingId", "ring-probe").put("startTime", System.currentTimeMillis() - 600_000).encode());
      if (r.status() != 422) return null;
      String message = r.body().getString("message");
      long oldest = Instant.parse(message.substring(message.indexOf("arrived at ") + 11)).toEpochMilli();
      return oldest <= System.currentTimeMillis() - ms ? r.body() : null;
    });
  }

  /** Waits until the recording is stored; returns it as /api/recordings/{id} shows it. */
  public static JsonObject stored(int port, String id) {
    return Poll.until(Duration.ofSeconds(60), id + " stored", () -> {
      Http.Reply r = Http.get(port, "/api/recordings/" + id);
      JsonObject data = r.status() == 200 ? r.body().getJsonObject("data") : null;
      return data != null && "STORED".equals(data.getString("state")) ? data : null;
    });
  }
}
