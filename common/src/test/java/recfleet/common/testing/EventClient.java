package recfleet.common.testing;


import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket subscriber to a node's or a master's {@code /ws}, keeping every event it receives in order. */
public final class EventClient implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  /** Held in a field: Vert.x 5 closes a client's connections once the client object is unreachable. */
  private WebSocketClient client;

  private EventClient() {}

  public static EventClient connect(int port) throws Exception {
    EventClient c = new EventClient();
    c.client = c.vertx.createWebSocketClient();
    c.client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .onSuccess(sock -> sock.textMessageHandler(text -> c.events.add(new JsonObject(text))))
        .await(10, TimeUnit.SECONDS);
    // A heartbeat proves the subscription is live before the test acts.
    c.await(Duration.ofSeconds(15), "a first heartbeat", all -> all.stream().anyMatch(e -> type(e).equals("heartbeat")));
    return c;
  }

  public List<JsonObject> all() {
    return List.copyOf(events);
  }

  public List<JsonObject> ofType(String type) {
    return events.stream().filter(e -> type(e).equals(type)).toList();
  }

  /** Events about one room, heartbeats left out. */
  public List<JsonObject> forRoom(String roomId) {
    return events.stream().filter(e -> roomId.equals(data(e).getString("RoomId"))).toList();
  }

  public void await(Duration timeout, String what, Predicate<List<JsonObject>> condition) {
    try {
      Poll.until(timeout, what, () -> condition.test(List.copyOf(events)));
    } catch (AssertionError e) {
      List<String> seen = events.stream().map(EventClient::type).filter(t -> !t.equals("heartbeat")).toList();
      // the last events tell what happened; a long run's whole history would drown them
      throw new AssertionError(e.getMessage() + "; last events seen: "
          + seen.subList(Math.max(0, seen.size() - 60), seen.size()), e);
    }
  }

  public static String type(JsonObject e) {
    return e.getString("EventType");
  }

  public static JsonObject data(JsonObject e) {
    JsonObject d = e.getJsonObject("EventData");
    return d == null ? new JsonObject() : d;
  }

  @Override
  public void close() {
    vertx.close();
  }
}
