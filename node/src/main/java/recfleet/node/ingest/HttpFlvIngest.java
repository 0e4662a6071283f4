package recfleet.node.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import recfleet.common.source.SourcePolicy;
import recfleet.node.media.Packet;

/**
 * An HTTP-FLV source read on an event loop: a GET whose body is parsed tag by tag as it arrives
 * (FlvTagParser), with no thread and no FFmpeg context per stream. Every host on the way, the
 * source's and each redirect's, passes the source policy first (looked up on a worker: DNS blocks).
 * The sink can hold the body back ({@link #pause()}, {@link #resume()}); TCP then slows the sender.
 * One ingest reads one connection; a reconnect is a new ingest.
 */
public final class HttpFlvIngest implements PacketIngest {
  private static final int MAX_REDIRECTS = 5;
  private final Vertx vertx;
  private final HttpClient client;
  private final SourcePolicy policy;
  private HttpClientResponse body;
  private boolean over;

  /** {@code client}: its idle timeout bounds how long a silent source is waited for. */
  public HttpFlvIngest(Vertx vertx, HttpClient client, SourcePolicy policy) {
    this.vertx = vertx;
    this.client = client;
    this.policy = policy;
  }

  @Override
  public Future<Void> start(URI url, Sink sink) {
    return open(url, 0).map(response -> {
      body = response;
      FlvTagParser parser = new FlvTagParser(new FlvTagParser.Listener() {
        @Override
        public void packet(Packet packet) {
          if (!over) sink.packet(packet);
        }

        @Override
        public void malformed(String why) {
          end(sink, "the source's body is not FLV: " + why);
          stop();
        }
      });
      response.handler(parser::feed);
      response.endHandler(v -> end(sink, "the source ended its stream"));
      response.exceptionHandler(err -> end(sink, "reading the source failed: " + err.getMessage()));
      return (Void) null;
    });
  }

  private Future<HttpClientResponse> open(URI url, int redirects) {
    return vertx.executeBlocking(() -> {
      policy.checkHost(url.getHost());
      return null;
    }).compose(v -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
        .setFollowRedirects(false)))
        .compose(request -> request.send())
        .compose(response -> {
          int status = response.statusCode();
          String location = response.getHeader("Location");
          if (status >= 300 && status < 400 && location != null) {
            response.request().connection().close(); // nothing of this answer is read
            if (redirects >= MAX_REDIRECTS) return Future.failedFuture("more than " + MAX_REDIRECTS + " redirects");
            return open(url.resolve(location), redirects + 1); // the next hop passes the policy too
          }
          if (status != 200) {
            response.request().connection().close();
            return Future.failedFuture("the source answered HTTP " + status);
          }
          return Future.succeededFuture(response);
        });
  }

  @Override
  public void pause() {
    if (body != null) body.pause();
  }

  @Override
  public void resume() {
    if (body != null) body.resume();
  }

  @Override
  public void stop() {
    over = true;
    if (body != null) body.request().connection().close();
  }

  private void end(Sink sink, String why) {
    if (over) return;
    over = true;
    sink.ended(why);
  }
}
