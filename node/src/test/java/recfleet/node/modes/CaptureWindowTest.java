package recfleet.node.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import recfleet.common.ApiError;

/** The window captures open on an on-demand room, and how a precise start is read, with time moved by hand. */
class CaptureWindowTest {
  @Test
  void overlapping_captures_keep_one_window_open_until_the_last_one_ends() {
    CaptureWindow w = new CaptureWindow();
    assertFalse(w.isOpen(0));
    assertEquals(CaptureWindow.Opened.OPENED, w.open("a", 5_000, 0));
    assertEquals(CaptureWindow.Opened.JOINED, w.open("b", 8_000, 3_000), "b joins a's file");
    assertEquals(Map.of("a", 5_000L), w.expire(5_000), "a is over at its end");
    assertTrue(w.isOpen(5_000), "b still is not");
    assertEquals("b", w.current().orElseThrow(), "later files belong to b");
    assertTrue(w.stop("b"));
    assertFalse(w.isOpen(5_001));
    assertFalse(w.stop("b"), "stopped once");
    assertEquals(CaptureWindow.Opened.OPENED, w.open("c", CaptureWindow.OPEN_ENDED, 9_000), "a new file");
    assertTrue(w.expire(Long.MAX_VALUE - 1).isEmpty(), "an open-ended capture runs until stopped");
  }

  @Test
  void a_precise_start_reads_its_times_and_says_which_field_is_wrong() {
    long now = 1_700_000_000_000L;
    CaptureRequest r = CaptureRequest.parse(new JsonObject().put("roomId", "cam").put("recordingId", "rec-1")
        .put("startTime", "2023-11-14T22:13:18.000Z").put("duration", 30), now);
    assertEquals("rec-1", r.captureId());
    assertEquals(now - 2_000, r.startMs());
    assertEquals(now + 28_000, r.endMs(), "the duration runs from the start asked");
    CaptureRequest plain = CaptureRequest.parse(new JsonObject().put("roomId", "cam"), now);
    assertEquals(now, plain.startMs(), "no startTime: now");
    assertEquals(CaptureWindow.OPEN_ENDED, plain.endMs(), "no duration: until stopped");
    assertEquals(36, plain.captureId().length(), "a new UUID");
    assertEquals(now + 15_000, CaptureRequest.parse(new JsonObject().put("roomId", "cam").put("startTime", now)
        .put("duration", "PT15S"), now).endMs());
    for (var bad : Map.of(
        new JsonObject().put("roomId", "cam").put("startTime", "yesterday"), "startTime",
        new JsonObject().put("roomId", "cam").put("startTime", now + 60_000), "in the future",
        new JsonObject().put("roomId", "cam").put("duration", 0), "duration",
        new JsonObject().put("roomId", "cam").put("recordingId", "../x"), "recordingId",
        new JsonObject().put("roomId", "cam").put("start", now), "start is not a field",
        new JsonObject().put("roomId", "a/b"), "roomId").entrySet()) {
      ApiError e = assertThrows(ApiError.class, () -> CaptureRequest.parse(bad.getKey(), now), bad.getKey().encode());
      assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage());
    }
  }
}
