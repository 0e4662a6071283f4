package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxHls;
import recfleet.node.testing.RtspServer;
import recfleet.node.testing.TestNode;

/**
 * Sources FFmpeg demuxes feed the same packet model as RTMP: live HLS served by a real nginx from the
 * ffmpeg CLI's output (H.264 in Annex B form, AAC in ADTS frames, as MPEG-TS carries them) is copied,
 * not encoded, into fragmented MP4 parts; live RTSP from a real RTSP server fed by ffmpeg (parameter
 * sets from the SDP, Annex B over RTP) into FLV. Each stored file decodes cleanly from a keyframe.
 */
class FfmpegSourcesTest {
  @TempDir
  Path dir;

  @Test
  void live_hls_from_nginx_is_copied_through_the_packet_model_into_a_playable_fragmented_mp4() throws Exception {
    try (NginxHls hls = NginxHls.start(dir.resolve("hls"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of());
         EventClient events = EventClient.connect(node.port())) {
      // the node writes FLV; this room asks for fMP4 in its own options
      Http.Reply refused = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "hls1").put("url", hls.url())
          .put("options", new JsonObject().put("record", new JsonObject().put("format", "mkv"))).encode());
      assertEquals(400, refused.status(), refused.body().encode());
      assertTrue(refused.body().getString("message").contains("options.record.format 'mkv'"), refused.body().encode());
      Http.Reply noDav = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "hls1").put("url", hls.url())
          .put("options", new JsonObject().put("record", new JsonObject().put("storage", "webdav"))).encode());
      assertEquals(400, noDav.status(), "a storage this node does not have: " + noDav.body().encode());
      assertTrue(noDav.body().getString("message").contains("webdav needs [WEBDAV] hostname"), noDav.body().encode());
      Http.Reply added = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "hls1").put("url", hls.url())
          .put("options", new JsonObject().put("record", new JsonObject().put("format", "fmp4"))).encode());
      assertTrue(added.status() == 200 || added.status() == 201, added.body().encode());
      events.await(Duration.ofSeconds(60), "a stored recording", all -> !events.ofType("UpEnded").isEmpty());
      JsonObject opened = data(events.ofType("FileOpening").get(0));
      assertTrue(opened.getString("RelativePath").endsWith(".rec.mp4"), "written as the room asked, fMP4: " + opened.encode());
      Path stored = node.output().resolve(data(events.ofType("UpEnded").get(0)).getString("RelativePath"));
      Ffmpeg.Probe probe = Ffmpeg.probe(stored);
      assertEquals("h264", probe.videoCodec());
      // the publisher's own H.264 (x264 ultrafast: Constrained Baseline); the encode path would make High
      assertEquals("Constrained Baseline", Ffmpeg.videoProfile(stored), "copied, not encoded");
      assertEquals("aac", Ffmpeg.audioCodec(stored), "the ADTS audio became MP4's AAC");
      assertTrue(probe.durationSeconds() >= 3.0, "a 4 s segment: " + probe.durationSeconds());
      assertTrue(Ffmpeg.firstVideoFlags(stored).startsWith("K"), "the first video packet is a keyframe");
      assertEquals("", decodeErrors(stored), "decodes cleanly, from its first frame");
      Http.get(node.port(), "/removeroom?roomid=hls1");
    }
  }

  @Test
  void live_rtsp_from_a_real_rtsp_server_is_copied_through_the_packet_model_into_a_playable_mp4() throws Exception {
    try (RtspServer rtsp = RtspServer.start(dir.resolve("rtsp"), "cam1");
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_RTSP_TRANSPORT", "udp"));
         EventClient events = EventClient.connect(node.port())) {
      Http.Reply added = Http.get(node.port(), "/addroom?roomid=cam1&url=" + URLEncoder.encode(rtsp.url("cam1"), StandardCharsets.UTF_8));
      assertEquals(200, added.status(), added.body().encode());
      events.await(Duration.ofSeconds(60), "a stored recording", all -> !events.ofType("UpEnded").isEmpty());
      Path stored = node.output().resolve(data(events.ofType("UpEnded").get(0)).getString("RelativePath"));
      assertEquals("Constrained Baseline", Ffmpeg.videoProfile(stored), "the camera's own H.264, copied");
      assertEquals("aac", Ffmpeg.audioCodec(stored));
      assertTrue(Ffmpeg.probe(stored).durationSeconds() >= 3.0, "a 4 s segment: " + Ffmpeg.probe(stored).durationSeconds());
      assertTrue(Ffmpeg.firstVideoFlags(stored).startsWith("K"), "the first video packet is a keyframe");
      assertEquals("", decodeErrors(stored), "decodes cleanly, from its first frame");
      Http.get(node.port(), "/removeroom?roomid=cam1");
    }
  }

  /** What ffmpeg says while decoding the whole file: empty when every frame decodes. */
  private static String decodeErrors(Path file) throws Exception {
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-v", "error", "-i", file.toString(), "-f", "null", "-")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg decoded " + file);
    return out;
  }
}
