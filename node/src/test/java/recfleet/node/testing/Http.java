package recfleet.node.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a node, as a client would make them. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public record Reply(int status, JsonObject body) {}

  private Http() {}

  public static Reply get(int port, String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(uri(port, pathAndQuery)).GET());
  }

  public static Reply post(int port, String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(port, path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public static Reply put(int port, String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(port, path)).header("content-type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  public static Reply delete(int port, String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(port, path)).DELETE());
  }

  private static URI uri(int port, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  private static Reply send(HttpRequest.Builder req) throws Exception {
    HttpResponse<String> r = CLIENT.send(req.timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
    String text = r.body();
    JsonObject json = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    return new Reply(r.statusCode(), json);
  }
}
