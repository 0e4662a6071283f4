package recfleet.node.record;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.source.SourcePolicy;
import recfleet.common.source.SourceRefused;

/**
 * The HTTP proxy FFmpeg goes through for HTTP(S) sources (its {@code http_proxy} option), on
 * 127.0.0.1: every request FFmpeg makes, the redirects it follows and the HLS playlists and
 * segments it fetches included, reaches its target only if the source policy allows the address
 * the target's name resolves to now. Plain HTTP is forwarded request by request (redirects are
 * passed back to FFmpeg, which asks again here); HTTPS is a CONNECT tunnel to the checked address.
 * The room rides in the proxy's user name, so a refusal is told to that room's recorder.
 */
public final class PolicyProxy extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PolicyProxy.class);
  private final SourcePolicy policy;
  private final Map<String, String> refusals = new ConcurrentHashMap<>();
  private HttpServer server;
  private HttpClient client;
  private NetClient tunnels;

  public PolicyProxy(SourcePolicy policy) {
    this.policy = policy;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setMaxChunkSize(256 * 1024));
    tunnels = vertx.createNetClient();
    server = vertx.createHttpServer();
    return server.requestHandler(this::handle).listen(0, "127.0.0.1");
  }

  /** The value of FFmpeg's http_proxy option for {@code roomId}'s recorder. */
  public String proxyUrl(String roomId) {
    return "http://" + roomId + ":x@127.0.0.1:" + server.actualPort();
  }

  /** Why the last request of {@code roomId} was refused, once; null if none was. */
  public String takeRefusal(String roomId) {
    return refusals.remove(roomId);
  }

  private void handle(HttpServerRequest req) {
    String room = roomOf(req);
    if (room == null) {
      // FFmpeg sends the proxy's credentials once asked for them: they name the room
      req.response().setStatusCode(407).putHeader("Proxy-Authenticate", "Basic realm=\"recfleet\"").end();
      return;
    }
    boolean connect = req.method() == HttpMethod.CONNECT;
    String host;
    int port;
    try {
      if (connect) {
        URI authority = URI.create("tunnel://" + req.uri());
        host = authority.getHost();
        port = authority.getPort();
      } else {
        URI target = URI.create(req.uri());
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) throw new IllegalArgumentException();
        host = target.getHost();
        port = target.getPort() > 0 ? target.getPort() : 80;
      }
    } catch (IllegalArgumentException e) {
      req.response().setStatusCode(400).end();
      return;
    }
    req.pause();
    vertx.executeBlocking(() -> allowedAddress(host)).onComplete(ar -> {
      if (ar.failed()) {
        String why = ar.cause() instanceof SourceRefused ? ar.cause().getMessage() : "cannot resolve " + host;
        if (ar.cause() instanceof SourceRefused) {
          refusals.put(room, why);
          log.warn("[room {}] refused a connection to {}: {}", room, host, why);
        }
        req.response().setStatusCode(ar.cause() instanceof SourceRefused ? 403 : 502).end(why);
        return;
      }
      if (connect) tunnel(req, ar.result(), port);
      else forward(req, ar.result(), port);
    });
  }

  /** Resolves {@code host} and judges every address; returns the one to connect to. Blocking. */
  private String allowedAddress(String host) throws Exception {
    InetAddress[] all = InetAddress.getAllByName(host);
    for (InetAddress a : all) policy.checkAddress(host, a);
    return all[0].getHostAddress();
  }

  private void tunnel(HttpServerRequest req, String address, int port) {
    tunnels.connect(port, address).onSuccess(upstream -> req.toNetSocket().onSuccess(down -> {
      down.pipeTo(upstream);
      upstream.pipeTo(down);
    }).onFailure(err -> upstream.close())).onFailure(err -> req.response().setStatusCode(502).end());
  }

  private void forward(HttpServerRequest req, String address, int port) {
    URI target = URI.create(req.uri());
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    RequestOptions options = new RequestOptions().setMethod(req.method()).setHost(address).setPort(port)
        .setURI(path + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())).setFollowRedirects(false);
    req.headers().forEach((name, value) -> {
      if (!name.equalsIgnoreCase("Proxy-Authorization") && !name.equalsIgnoreCase("Proxy-Connection")) {
        options.addHeader(name, value);
      }
    });
    client.request(options).compose(up -> {
      // FFmpeg gone (a reconnect, a stop): the live upstream must not stream on into nothing
      req.response().closeHandler(v -> up.connection().close());
      req.resume();
      return up.send(req);
    }).onSuccess(answer -> {
      var res = req.response().setStatusCode(answer.statusCode());
      answer.headers().forEach((name, value) -> res.headers().add(name, value));
      if (answer.getHeader("Content-Length") == null) res.setChunked(true);
      answer.pipeTo(res);
    }).onFailure(err -> {
      if (!req.response().headWritten()) req.response().setStatusCode(502).end();
      else req.response().reset();
    });
  }

  private static String roomOf(HttpServerRequest req) {
    String auth = req.getHeader("Proxy-Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      String pair = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon > 0 ? pair.substring(0, colon) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
