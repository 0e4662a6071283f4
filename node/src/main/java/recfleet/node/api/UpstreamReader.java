package recfleet.node.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty end of a {@link DavRelay} connection. It takes the answer's head, pauses reading, and
 * hands the body on in order: for an answer to be spliced it removes the HTTP decoder, so the body
 * stays raw in the socket but for the bytes the decoder had already read (the read-ahead); for any
 * other it passes the decoded body to the sink attached by {@link DavRelay.Upstream#copyTo}. What
 * arrives before a sink is attached waits here. Everything it hands over runs on the Vert.x context.
 */
final class UpstreamReader extends ChannelInboundHandlerAdapter {
  static final String ENCODER = "encoder";
  static final String DECODER = "decoder";

  /** Where the body goes, on the Vert.x context. */
  interface BodySink {
    void chunk(Buffer bytes);

    void end();

    void fail(Throwable cause);
  }

  private final Context context;
  private final Promise<HttpResponse> head;
  private final boolean splice;
  private final List<Buffer> pending = new ArrayList<>();
  private boolean headSeen;
  private boolean ended;
  private Throwable failed;
  private BodySink sink;
  private boolean detached;

  UpstreamReader(Context context, Promise<HttpResponse> head, boolean splice) {
    this.context = context;
    this.head = head;
    this.splice = splice;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!headSeen && msg instanceof HttpResponse response) {
        onHead(ctx, response);
      }
      if (headSeen && msg instanceof HttpContent content) {
        if (content.decoderResult().isFailure()) {
          onFailure(content.decoderResult().cause());
          ctx.close();
          return;
        }
        if (content.content().isReadable()) onBytes(content.content());
        if (content instanceof LastHttpContent) onEnd();
      } else if (headSeen && msg instanceof ByteBuf raw) {
        onBytes(raw);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(ChannelHandlerContext ctx, HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      Throwable cause = response.decoderResult().cause();
      ctx.close();
      context.runOnContext(v -> head.tryFail(cause));
      return;
    }
    headSeen = true;
    ctx.channel().config().setAutoRead(false);
    ctx.pipeline().remove(ENCODER);
    // the decoder hands what it read past the head to this handler as it goes: the read-ahead
    if (splice && DavRelay.spliceable(response)) ctx.pipeline().remove(DECODER);
    // answer once the decoder's read is done, so the read-ahead is here first
    ctx.executor().execute(() -> context.runOnContext(v -> {
      if (!head.tryComplete(response)) ctx.close();
    }));
  }

  private void onBytes(ByteBuf bytes) {
    Buffer copy = Buffer.buffer(ByteBufUtil.getBytes(bytes));
    context.runOnContext(v -> {
      if (sink != null) {
        sink.chunk(copy);
      } else if (!detached) {
        pending.add(copy);
      }
    });
  }

  private void onEnd() {
    context.runOnContext(v -> {
      ended = true;
      if (sink != null) sink.end();
    });
  }

  private void onFailure(Throwable cause) {
    context.runOnContext(v -> {
      if (ended || failed != null) return;
      failed = cause;
      if (sink != null) sink.fail(cause);
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    IOException closed = new IOException("the WebDAV server closed the connection before the end of the answer");
    context.runOnContext(v -> head.tryFail(closed));
    onFailure(closed);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
    context.runOnContext(v -> head.tryFail(cause));
    onFailure(cause);
  }

  /** On the context: the bytes read along with the head of a spliced answer; nothing is handed on after this. */
  Buffer takeReadAhead() {
    detached = true;
    Buffer all = Buffer.buffer();
    pending.forEach(all::appendBuffer);
    pending.clear();
    return all;
  }

  /** On the context: from now on the body goes to {@code target}, starting with what waited here. */
  void attach(BodySink target) {
    sink = target;
    pending.forEach(target::chunk);
    pending.clear();
    if (ended) {
      target.end();
    } else if (failed != null) {
      target.fail(failed);
    }
  }
}
