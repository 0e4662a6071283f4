package recfleet.node.api;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A download relayed from the WebDAV server on a Netty epoll connection of its own, opened on the
 * client connection's event loop. When the answer has a length and the server keeps the
 * connection, the body is spliced: splice(2) moves it from one socket to the other through a pipe,
 * so the file's bytes never enter the JVM (on a 2-core box the copying relay cost the node about
 * a core-second per GiB and left downloads at 0.8 of a direct GET). Otherwise (a chunked body, or
 * a server that closes after each answer) the decoded body is copied to the client with
 * backpressure, as Vert.x's own relay would, but without losing what the server sent just before
 * it closed: on epoll, Vert.x's HTTP client dropped the tail of such a body when the client read
 * slowly.
 *
 * <p>Where the client's connection is not a plain HTTP/1.x one (TLS, HTTP/2, compression), the
 * body is copied too; on the NIO transport {@link #clientChannel} is empty and the caller relays
 * through Vert.x's HTTP client, which has no such trouble there.
 * Reaching the client's channel goes through Vert.x's internal {@code ConnectionBase}: the Vert.x
 * version is pinned, and anything unexpected there takes the ordinary way.
 */
final class DavRelay {
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  /** Netty splices at most an int's worth per call; larger files go in parts of this size. */
  private static final int PART = 1 << 30;

  private DavRelay() {}

  /**
   * The client connection's channel when it is on epoll: the relay's own connection then runs on
   * its event loop. Empty on NIO (or anything unexpected): the caller relays through Vert.x's client.
   */
  static Optional<AbstractEpollStreamChannel> clientChannel(HttpServerRequest request) {
    if (request.connection() instanceof ConnectionBase connection
        && connection.channel() instanceof AbstractEpollStreamChannel epoll) {
      return Optional.of(epoll);
    }
    return Optional.empty();
  }

  /**
   * Whether a body may be spliced into the client's channel: one plain HTTP/1.x connection, with
   * nothing in its pipeline that changes what Vert.x writes (TLS, an HTTP/2 stream among others,
   * a compressor). Elsewhere the body is copied.
   */
  static boolean canSpliceInto(HttpServerRequest request, Channel client) {
    return !request.isSSL() && request.version() != io.vertx.core.http.HttpVersion.HTTP_2
        && client.pipeline().get(HttpContentCompressor.class) == null;
  }

  /**
   * Sends {@code GET uri} (with the Range and If-Range, if any) and completes, on {@code context}, once the
   * answer's head is in. {@code splice}: whether the body may be spliced into {@code client}
   * (see {@link #canSpliceInto}).
   */
  static Future<Upstream> open(Context context, AbstractEpollStreamChannel client, boolean splice, URI uri,
                               String authorization, RangeRequest range) {
    Promise<HttpResponse> head = Promise.promise();
    UpstreamReader reader = new UpstreamReader(context, head, splice);
    Bootstrap bootstrap = new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(UpstreamReader.ENCODER, new HttpRequestEncoder())
                .addLast(UpstreamReader.DECODER, new HttpResponseDecoder()).addLast("reader", reader);
          }
        });
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    ChannelFuture connected = bootstrap.connect(uri.getHost(), port);
    connected.addListener(done -> {
      if (!done.isSuccess()) {
        context.runOnContext(v -> head.tryFail(done.cause()));
        return;
      }
      Channel up = connected.channel();
      // the client gone: nothing left to fetch. Removed again with the upstream, since one client
      // connection (a player seeking) may make thousands of requests
      io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> clientGone =
          closed -> up.close();
      client.closeFuture().addListener(clientGone);
      up.closeFuture().addListener(closed -> client.closeFuture().removeListener(clientGone));
      up.writeAndFlush(request(uri, authorization, range)).addListener(sent -> {
        if (!sent.isSuccess()) up.close();
      });
    });
    return head.future().map(response -> new Upstream(connected.channel(), response, reader, splice));
  }

  private static DefaultFullHttpRequest request(URI uri, String authorization, RangeRequest range) {
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
    HttpHeaders headers = request.headers();
    headers.set(HttpHeaderNames.HOST, uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
    headers.set(HttpHeaderNames.AUTHORIZATION, authorization);
    headers.set(HttpHeaderNames.USER_AGENT, "recfleet");
    // the server holds the validators: it judges If-Range itself
    if (range.range() != null) headers.set(HttpHeaderNames.RANGE, range.range());
    if (range.ifRange() != null) headers.set(HttpHeaderNames.IF_RANGE, range.ifRange());
    // no "Connection: close": Netty's splice loses what is still in the socket when the peer's
    // close arrives before the last byte was spliced out, so the node closes the connection itself
    return request;
  }

  /**
   * Whether the body can be spliced as is: its length is known and the server keeps the
   * connection open after it (see {@link #request}).
   */
  static boolean spliceable(HttpResponse head) {
    return head.headers().get(HttpHeaderNames.TRANSFER_ENCODING) == null
        && HttpUtil.getContentLength(head, -1L) >= 0 && HttpUtil.isKeepAlive(head);
  }

  /** The upstream answer once its head is in; its body follows through {@link #spliceRestTo} or {@link #copyTo}. */
  static final class Upstream {
    private final Channel channel;
    private final HttpResponse head;
    private final UpstreamReader reader;
    private final boolean splice;

    private Upstream(Channel channel, HttpResponse head, UpstreamReader reader, boolean splice) {
      this.channel = channel;
      this.head = head;
      this.reader = reader;
      this.splice = splice;
    }

    int status() {
      return head.status().code();
    }

    String header(CharSequence name) {
      return head.headers().get(name);
    }

    /** Whether the body goes by {@link #spliceRestTo} (else by {@link #copyTo}). */
    boolean spliced() {
      return splice && spliceable(head);
    }

    /**
     * Writes the first bytes of the body (read along with the head) through {@code res}, then
     * moves the rest into the client's socket; completes on {@code context} when the last byte
     * was written there. Only for a {@link #spliced} answer, after the head was written.
     */
    Future<Void> spliceRestTo(Context context, HttpServerResponse res, AbstractEpollStreamChannel client) {
      Buffer first = reader.takeReadAhead();
      long rest = HttpUtil.getContentLength(head, 0L) - first.length();
      Future<Void> written = first.length() == 0 ? Future.succeededFuture() : res.write(first);
      return written.compose(v -> {
        Promise<Void> done = Promise.promise();
        if (rest <= 0) {
          done.complete();
        } else {
          channel.eventLoop().execute(() -> splicePart(context, client, rest, done));
        }
        return done.future();
      }).onComplete(v -> close());
    }

    private void splicePart(Context context, AbstractEpollStreamChannel client, long rest, Promise<Void> done) {
      int part = (int) Math.min(rest, PART);
      ((AbstractEpollStreamChannel) channel).spliceTo(client, part).addListener(spliced -> {
        if (!spliced.isSuccess()) {
          context.runOnContext(v -> done.tryFail(spliced.cause()));
        } else if (rest > part) {
          splicePart(context, client, rest - part, done);
        } else {
          context.runOnContext(v -> done.tryComplete());
        }
      });
      channel.config().setAutoRead(true); // the reader paused it at the head; reading now feeds the splice
    }

    /**
     * Copies the decoded body to {@code res}, pausing the server while the client's queue is full;
     * completes when the body's end came, fails when the server closed before it.
     */
    Future<Void> copyTo(HttpServerResponse res) {
      Promise<Void> done = Promise.promise();
      reader.attach(new UpstreamReader.BodySink() {
        @Override
        public void chunk(Buffer bytes) {
          res.write(bytes);
          if (res.writeQueueFull()) {
            channel.config().setAutoRead(false);
            res.drainHandler(v -> channel.config().setAutoRead(true));
          }
        }

        @Override
        public void end() {
          done.tryComplete();
        }

        @Override
        public void fail(Throwable cause) {
          done.tryFail(cause);
        }
      });
      channel.config().setAutoRead(true);
      return done.future().onComplete(v -> close());
    }

    /**
     * Cuts the relay off, and then runs {@code onStall}, once no byte has moved for {@code idle}:
     * none came from the server and none went to the client. A server that hangs mid-file would
     * otherwise hold the client's download (and this connection) open for ever; a client that
     * stops reading is let go after the same time, as nginx's proxy_read_timeout and send_timeout
     * would. With splice no byte passes through the pipeline, so the kernel's TCP_INFO tells.
     */
    void closeWhenIdle(Channel client, Duration idle, Runnable onStall) {
      if (!(channel instanceof EpollSocketChannel up) || !(client instanceof EpollSocketChannel down)) return;
      long idleMs = idle.toMillis();
      long every = Math.max(100, Math.min(10_000, idleMs / 4));
      ScheduledFuture<?> check = channel.eventLoop().scheduleAtFixedRate(() -> {
        if (channel.isActive() && up.tcpInfo().lastDataRecv() >= idleMs && down.tcpInfo().lastDataSent() >= idleMs) {
          onStall.run();
          channel.close();
        }
      }, every, every, TimeUnit.MILLISECONDS);
      channel.closeFuture().addListener(closed -> check.cancel(false));
    }

    void close() {
      channel.close();
    }
  }
}
