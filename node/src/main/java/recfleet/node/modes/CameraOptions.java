package recfleet.node.modes;

import java.time.Duration;
import java.util.Map;
import recfleet.common.RoomId;
import recfleet.common.SourceSpec;
import recfleet.common.config.RecfleetConfig;

/**
 * camera.py's [CAMERAS]: each camera id (a room id, in lower case) and its source, which becomes an
 * on-demand room; and how long a task may run before it stops by itself. A bad entry fails the boot
 * naming its key, with the source's credentials left out.
 */
public record CameraOptions(Map<String, String> sources, Duration maxTask) {
  public static CameraOptions from(RecfleetConfig c) {
    Map<String, String> sources = c.entries("CAMERAS");
    sources.forEach((id, url) -> {
      if (!RoomId.isValid(id)) throw c.bad("CAMERAS", id, SourceSpec.redact(url), "a camera id must be 1-64 letters, digits, '_' or '-'");
      SourceSpec spec;
      try {
        spec = SourceSpec.parse(url);
      } catch (IllegalArgumentException e) {
        throw c.bad("CAMERAS", id, SourceSpec.redact(url), e.getMessage());
      }
      if (!spec.network() || spec.isFilterGraph()) {
        throw c.bad("CAMERAS", id, SourceSpec.redact(url), "a camera is a live network source (rtsp://, rtmp://, ...)");
      }
    });
    return new CameraOptions(sources, Duration.ofSeconds(c.number("CAMERAS", "max_task_seconds", 1, 7 * 86_400L)));
  }
}
