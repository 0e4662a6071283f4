package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Http;
import recfleet.node.testing.TestNode;

/**
 * One time zone: with {@code [RECORD] timezone} set to a zone that is not the machine's, a
 * segment's file name, its events' timestamps and the recording's times all tell the same local
 * time, each timestamp with that zone's offset (BililiveRecorder users name files in their zone).
 */
class TimeZoneTest {
  @TempDir
  Path dir;

  @Test
  void file_names_events_and_recording_times_share_the_configured_zone() throws Exception {
    // a zone at least three hours from the machine's, whatever that is
    ZoneId zone = ZoneId.systemDefault().getRules().getOffset(java.time.Instant.now()).getTotalSeconds() > 0
        ? ZoneId.of("America/Sao_Paulo") : ZoneId.of("Asia/Shanghai");
    String offset = OffsetDateTime.now(zone).getOffset().getId();
    try (TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_TIMEZONE", zone.getId(),
        "RECFLEET_RECORD_SEGMENT_SECONDS", "2"));
         EventClient events = EventClient.connect(node.port())) {
      String source = "lavfi:testsrc2=size=320x240:rate=25,realtime[out0];sine=sample_rate=44100,arealtime[out1]";
      assertEquals(200, Http.get(node.port(), "/addroom?roomid=tz1&url="
          + URLEncoder.encode(source, StandardCharsets.UTF_8)).status());
      events.await(Duration.ofSeconds(60), "a segment closed", all -> !events.ofType("FileClosed").isEmpty());
      JsonObject opening = events.ofType("FileOpening").get(0);
      String stamp = opening.getString("EventTimestamp");
      assertTrue(stamp.endsWith(offset), "event timestamp " + stamp + " carries " + offset);
      OffsetDateTime at = OffsetDateTime.parse(stamp);
      String path = data(opening).getString("RelativePath"); // tz1/tz1-YYYYMMDD-HHMMSS-mmm.flv
      OffsetDateTime named = java.time.LocalDateTime.parse(path.substring(path.indexOf('-') + 1, path.indexOf('-') + 16),
          DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")).atOffset(at.getOffset());
      assertTrue(Math.abs(Duration.between(named, at).toSeconds()) <= 2,
          "file " + path + " is named in the same zone as its event " + stamp);
      JsonObject recording = Http.get(node.port(), "/api/recordings?room=tz1").body().getJsonArray("data").getJsonObject(0);
      assertTrue(recording.getString("startedAt").endsWith(offset), "recording start " + recording.getString("startedAt"));
    }
  }
}
