package recfleet.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import recfleet.common.WireTypes;
import recfleet.common.json.JacksonCodec;
import recfleet.common.json.Jsons;
import java.util.List;
import recfleet.common.link.Assignment;
import recfleet.common.link.HeldRoom;
import recfleet.common.link.LinkFrames;
import recfleet.common.link.LinkMessage;
import recfleet.common.link.LinkRefused;
import recfleet.common.link.NodeEventFrame;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.common.link.NodeLeaving;
import recfleet.common.link.RoomSync;

/** Every wire type survives the trip through its codec's wire form, the one a cluster uses. */
class WireCodecTest {
  @Test
  void every_wire_type_round_trips_through_its_codec() {
    Vertx vertx = Vertx.vertx();
    try {
      WireTypes.register(vertx); // registering every type once must not clash
      var event = RecfleetEvent.of(EventType.FileClosed, "node-1",
          Map.of("RoomId", "23058", "FileSize", 816412, "Duration", 4.99));
      assertEquals(event, roundTrip(event));
      var held = List.of(new HeldRoom("r1", 7, true), new HeldRoom("r2", 9, false));
      var heartbeat = new NodeHeartbeat("node-1", "127.0.0.1:8100", 3, 1L, 0.5, 10, 20, 30, 2, 4_000_000, 50, held);
      assertEquals(heartbeat, roundTrip(heartbeat));
      assertEquals(new NodeLeaving("node-1"), roundTrip(new NodeLeaving("node-1")));
      var hello = new NodeHello("node-1", "t0ken-value", 1, "127.0.0.1:8100", List.of("gpu"), 50, "uuid-1", held);
      assertEquals(hello, roundTrip(hello));
      var sync = new RoomSync("node-1", 3, 3000, List.of(new Assignment("r1", 7, "rtmp://h/live/r1", Map.of("crf", 20))));
      assertEquals(sync, roundTrip(sync));
      assertEquals(new LinkRefused("wrong token"), roundTrip(new LinkRefused("wrong token")));
      var notLeader = new LinkRefused(LinkRefused.NOT_LEADER, "http://127.0.0.1:8202");
      assertEquals(notLeader, roundTrip(notLeader));
      // a master of the version before sends no leader: the node still reads the refusal
      assertEquals(new LinkRefused("wrong token"), LinkFrames.decode("{\"type\":\"refused\",\"reason\":\"wrong token\"}"));
      var frame = new NodeEventFrame(event);
      assertEquals(frame, roundTrip(frame));
      // the same messages as WebSocket / HTTP text, decoded without knowing their type
      for (LinkMessage m : List.of(heartbeat, hello, sync, frame, new NodeLeaving("node-1"), new LinkRefused("x"), notLeader)) {
        assertEquals(m, LinkFrames.decode(LinkFrames.encode(m)));
      }
    } finally {
      vertx.close();
    }
  }

  /**
   * A master and a node one version apart, in a rolling upgrade: a frame with a field, or a whole
   * message type, this version does not know still decodes, and every frame says its protocol.
   */
  @Test
  void frames_from_a_newer_peer_decode_with_their_unknown_parts_ignored() {
    var hello = new NodeHello("node-1", "t0ken-value", 1, "127.0.0.1:8100", List.of(), 50, null, List.of());
    String encoded = LinkFrames.encode(hello);
    assertTrue(new io.vertx.core.json.JsonObject(encoded).getInteger("v") == LinkFrames.PROTOCOL, encoded);
    String newer = new io.vertx.core.json.JsonObject(encoded).put("v", 2).put("gpuModel", "some-future-field").encode();
    assertEquals(hello, LinkFrames.decode(newer));
    assertEquals(new recfleet.common.link.UnknownFrame(),
        LinkFrames.decode("{\"type\":\"drain-notice\",\"v\":2,\"nodeId\":\"node-1\"}"));
    // the same on a clustered bus: an event with a field this version does not know
    var event = RecfleetEvent.of(EventType.FileClosed, "node-1", Map.of("RoomId", "r1"));
    String json = new io.vertx.core.json.JsonObject(Jsons.write(event)).put("EventSchema", 2).encode();
    assertEquals(event, Jsons.readWire(json, RecfleetEvent.class));
    // what users send stays strict: a misspelt field is an error they must see
    assertThrows(java.io.UncheckedIOException.class, () -> Jsons.read(json, RecfleetEvent.class));
    // a node one version ahead raises an event type this master does not know: the frame decodes,
    // with its data, instead of being a bad frame that closes the link (and comes back at every redial)
    String future = new io.vertx.core.json.JsonObject(LinkFrames.encode(new NodeEventFrame(event)))
        .put("event", new io.vertx.core.json.JsonObject(Jsons.write(event)).put("EventType", "MotionDetected"))
        .encode();
    var decoded = (NodeEventFrame) LinkFrames.decode(future);
    assertEquals(EventType.Unknown, decoded.event().eventType());
    assertEquals("r1", decoded.event().data("RoomId"));
  }

  @Test
  void a_hello_never_shows_its_token_when_printed() {
    var hello = new NodeHello("node-1", "t0ken-value", 1, "a", List.of(), 1, null, List.of());
    assertTrue(!hello.toString().contains("t0ken-value"), hello.toString());
    assertEquals(null, hello.withoutToken().token());
  }

  @Test
  void the_envelope_uses_bililive_recorder_field_names() {
    var event = RecfleetEvent.of(EventType.SessionStarted, "node-1", Map.of("RoomId", "1"));
    String json = Jsons.write(event);
    for (String field : new String[] {"\"EventType\":\"SessionStarted\"", "\"EventTimestamp\"", "\"EventId\"",
        "\"NodeId\":\"node-1\"", "\"EventData\":{\"RoomId\":\"1\"}"}) {
      assertTrue(json.contains(field), json);
    }
  }

  @Test
  void events_about_the_same_thing_share_an_id_so_receivers_can_dedupe() {
    var a = RecfleetEvent.once(EventType.UpEnded, "node-1", "rec-1", Map.of(), java.time.ZoneOffset.UTC);
    var b = RecfleetEvent.once(EventType.UpEnded, "node-1", "rec-1", Map.of(), java.time.ZoneOffset.UTC);
    var c = RecfleetEvent.once(EventType.UpEnded, "node-1", "rec-2", Map.of(), java.time.ZoneOffset.UTC);
    assertEquals(a.eventId(), b.eventId());
    assertTrue(!a.eventId().equals(c.eventId()));
    UUID random = RecfleetEvent.of(EventType.UpEnded, "node-1", Map.of()).eventId();
    assertTrue(!random.equals(a.eventId()));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    JacksonCodec<T> codec = JacksonCodec.of((Class<T>) value.getClass());
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, value);
    return codec.decodeFromWire(0, buffer);
  }
}
