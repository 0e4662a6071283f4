package recfleet.node.modes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import recfleet.node.store.Capture;
import recfleet.node.store.Recording;

/**
 * A camera task as camera.py reports it: its status (starting, recording, stopping, uploading,
 * uploaded, completed, failed) from the capture and its file's place in the pipeline, and the fields camera.py
 * clients read. Paths are relative (to works_path, or the storage target's root): absolute local paths
 * never leave the node.
 */
final class TaskView {
  private TaskView() {}

  /** {@code notified}: the file's last stage (notify) is done; {@code storageType}: the node's default storage. */
  static Map<String, Object> of(Capture c, Optional<Recording> file, boolean notified, String storageType, Path works) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("status", status(c, file, notified));
    v.put("camera_id", c.roomId());
    v.put("task_name", c.name());
    v.put("recording_id", c.captureId());
    v.put("start_time", c.startedAt() == null ? null : c.startedAt().toString());
    v.put("stop_reason", stopReason(c.stopReason()));
    v.put("local_file", file.map(r -> r.outputPath() != null ? r.outputPath() : r.rawPath()).orElse(null));
    v.put("local_file_deleted", file.map(r -> !onDisk(works, r)).orElse(c.filesDeletedAt() != null));
    v.put("storage_type", file.map(Recording::storage).orElse(storageType)); // (a null storage maps to empty)
    v.put("object_name", file.map(Recording::storedPath).orElse(null));
    v.put("download_url", file.filter(r -> Recording.STORED.equals(r.state()))
        .map(r -> "/api/recordings/" + r.recordingId() + "/file?download=1").orElse(null));
    v.put("error", file.filter(r -> Recording.FAILED.equals(r.state())).map(Recording::lastError)
        .orElse(file.isEmpty() ? nothingRecorded(c) : null));
    if (c.filesDeletedAt() != null) v.put("deleted_at", c.filesDeletedAt().toString());
    return v;
  }

  private static String status(Capture c, Optional<Recording> file, boolean notified) {
    if (Capture.STARTING.equals(c.state())) return "starting";
    if (Capture.RECORDING.equals(c.state())) return "recording";
    if (file.isEmpty()) return c.filesDeletedAt() != null ? "completed" : "failed";
    return switch (file.get().state()) {
      case Recording.RECORDING -> "stopping";
      case Recording.RECORDED, Recording.TRANSCODED -> "uploading";
      case Recording.STORED -> notified ? "completed" : "uploaded";
      case Recording.EVICTED -> "completed";
      default -> "failed";
    };
  }

  /** Why an ended task has no file, unless it was deleted on request (then nothing is wrong). */
  private static String nothingRecorded(Capture c) {
    if (!Capture.ENDED.equals(c.state()) || c.filesDeletedAt() != null) return null;
    if (Capture.BY_FAILURE.equals(c.stopReason())) return "camera " + c.roomId() + " did not begin the task: nothing was recorded";
    if (c.startedAt() == null) return "camera " + c.roomId() + " sent no picture before the task ended: nothing was recorded";
    return "no media was recorded";
  }

  /** A reply without a task's fields: {@code status}, {@code camera_id} and {@code task_name} if there is one. */
  static Map<String, Object> plain(String status, String camera, String task) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("camera_id", camera);
    if (task != null) body.put("task_name", task);
    return body;
  }

  static Map<String, Object> withError(String status, String camera, String task, String error) {
    Map<String, Object> body = plain(status, camera, task);
    body.put("error", error);
    return body;
  }

  /** camera.py's names: max_duration and manual; recfleet's own for the rest (restart, room_stopped). */
  private static String stopReason(String reason) {
    if (reason == null) return null;
    return switch (reason) {
      case Capture.BY_DURATION -> "max_duration";
      case Capture.BY_REQUEST -> "manual";
      default -> reason;
    };
  }

  private static boolean onDisk(Path works, Recording r) {
    return (r.rawPath() != null && Files.exists(works.resolve(r.rawPath())))
        || (r.outputPath() != null && Files.exists(works.resolve(r.outputPath())));
  }
}
