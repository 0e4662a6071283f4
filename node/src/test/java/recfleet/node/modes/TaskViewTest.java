package recfleet.node.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.store.Capture;
import recfleet.node.store.Recording;

/**
 * camera.py's status of a task from its capture and its file, for the moments the API test cannot
 * hold still: a task ended while its file is still closing is stopping; the rest follow the file.
 */
class TaskViewTest {
  private static final OffsetDateTime T = OffsetDateTime.parse("2026-12-02T10:00:00Z");

  @TempDir
  Path works;

  @Test
  void each_moment_of_a_task_reads_as_camera_py_names_it() {
    Capture waiting = Capture.waiting("c1", "gate", T, Capture.Labels.named("night"));
    assertEquals("starting", status(waiting, null));
    Capture recording = Capture.started("c1", "gate", Capture.TASK, T, T, T.plusSeconds(60), Capture.Labels.named("night"),
        "gate_night", null);
    assertEquals("recording", status(recording, null));
    Capture ended = ended(recording, null);
    assertEquals("stopping", status(ended, file(Recording.RECORDING)), "the file is still being closed");
    assertEquals("uploading", status(ended, file(Recording.RECORDED)));
    assertEquals("uploading", status(ended, file(Recording.TRANSCODED)));
    assertEquals("uploaded", status(ended, file(Recording.STORED)));
    assertEquals("completed", TaskView.of(ended, Optional.of(file(Recording.STORED)), true, "local", works).get("status"));
    assertEquals("failed", status(ended, file(Recording.FAILED)));

    Map<String, Object> empty = TaskView.of(ended(waiting, null), Optional.empty(), false, "local", works);
    assertEquals("failed", empty.get("status"));
    assertTrue(String.valueOf(empty.get("error")).contains("sent no picture"), empty.toString());
    assertNull(empty.get("start_time"));

    Map<String, Object> deleted = TaskView.of(ended(recording, T.plusSeconds(90)), Optional.empty(), false, "local", works);
    assertEquals("completed", deleted.get("status"), "deleted on request, not failed: " + deleted);
    assertEquals(true, deleted.get("local_file_deleted"));
    assertNull(deleted.get("error"));
  }

  private String status(Capture c, Recording file) {
    return String.valueOf(TaskView.of(c, Optional.ofNullable(file), false, "local", works).get("status"));
  }

  private static Capture ended(Capture c, OffsetDateTime deletedAt) {
    return new Capture(c.captureId(), c.roomId(), c.kind(), Capture.ENDED, c.requestedStart(), c.startedAt(), c.endsAt(),
        T.plusSeconds(30), Capture.BY_REQUEST, T, c.labels(), c.fileBase(), c.joinedTo(), 1L, deletedAt);
  }

  private static Recording file(String state) {
    Recording r = Recording.opening("c1", "gate", "s1", 1, "gate_night", "gate/gate_night.flv", T, null, null);
    return new Recording(r.recordingId(), r.roomId(), r.sessionId(), r.seq(), r.baseName(), r.rawPath(), state,
        r.startedAt(), null, 10L, 1000L, "gate/gate_night.mp4", 10L, "gate/gate_night.mp4", 10L, null, null,
        r.origin(), null, null, null, null);
  }
}
