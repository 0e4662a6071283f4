package recfleet.node.ingest.rtmp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import recfleet.common.source.SourcePolicy;
import recfleet.node.ingest.FlvTagParser;
import recfleet.node.ingest.PacketIngest;
import recfleet.node.media.Packet;
import recfleet.node.media.PooledBytes;

/**
 * An RTMP player on an event loop (Adobe's RTMP 1.0 specification): the simple handshake, then
 * {@code connect}, {@code createStream} and {@code play}, answering pings, acknowledging by the
 * server's window, and handing the audio and video messages (FLV tag bodies) to a
 * {@link FlvTagParser}. No thread and no FFmpeg context per stream; a reconnect is a new ingest.
 * {@link #start} completes at {@code NetStream.Play.Start}. The host passes the source policy first
 * (looked up on a worker: DNS blocks).
 */
public final class RtmpIngest implements PacketIngest {
  private static final int HANDSHAKE = 1536;
  /** What this player tells the server to acknowledge by; and the buffer it asks for (ffmpeg's values). */
  private static final long OUR_WINDOW = 2_500_000;
  private static final int BUFFER_MS = 3000;

  private final Vertx vertx;
  private final NetClient client;
  private final SourcePolicy policy;
  private final Promise<Void> playing = Promise.promise();
  private RtmpUrl url;
  private Sink sink;
  private NetSocket socket;
  private ChunkReader reader;
  private FlvTagParser parser;
  private Buffer handshake = Buffer.buffer();
  private boolean handshaken;
  private long received;
  private long acknowledged;
  private long window = OUR_WINDOW;
  private boolean over;

  /** {@code client}: its connect timeout bounds the dial; rtmps:// needs one made with TLS. */
  public RtmpIngest(Vertx vertx, NetClient client, SourcePolicy policy) {
    this.vertx = vertx;
    this.client = client;
    this.policy = policy;
  }

  @Override
  public Future<Void> start(URI source, Sink sink) {
    this.sink = sink;
    try {
      this.url = RtmpUrl.parse(source);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    this.parser = new FlvTagParser(new FlvTagParser.Listener() {
      @Override
      public void packet(Packet packet) {
        if (!over) sink.packet(packet);
      }

      @Override
      public void malformed(String why) {
        end("the source sent a tag that cannot be read: " + why);
      }
    });
    this.reader = new ChunkReader(new ChunkReader.Listener() {
      @Override
      public void message(int type, int streamId, long timestamp, byte[] body) {
        onMessage(type, timestamp, body);
      }

      @Override
      public void media(int type, int streamId, long timestamp, PooledBytes body, int length) {
        try {
          if (!over) parser.message(type, timestamp, body, length);
        } finally {
          body.release(); // the ring and the write queue took holds of their own
        }
      }

      @Override
      public void malformed(String why) {
        end("the source broke the RTMP chunk stream: " + why);
      }
    });
    vertx.executeBlocking(() -> {
      policy.checkHost(url.host());
      return null;
    }).compose(v -> client.connect(url.port(), url.host())).onSuccess(this::connected).onFailure(playing::tryFail);
    return playing.future();
  }

  private void connected(NetSocket s) {
    socket = s;
    if (over) {
      s.close();
      return;
    }
    if (s instanceof NetSocketInternal raw) {
      // Netty's own (pooled, direct) buffers, read in place and let go: NetSocket.handler would first
      // copy each read into a new heap buffer, the largest garbage a few hundred rooms make
      raw.messageHandler(this::onRead);
    } else {
      s.handler(this::onBytes);
    }
    s.closeHandler(v -> end("the source closed the connection"));
    s.exceptionHandler(e -> end("reading the source failed: " + e.getMessage()));
    byte[] c1 = new byte[1 + HANDSHAKE];
    c1[0] = 3; // RTMP version 3; C1's time and zero fields stay 0: the simple handshake every server takes
    byte[] random = new byte[HANDSHAKE - 8];
    ThreadLocalRandom.current().nextBytes(random);
    System.arraycopy(random, 0, c1, 9, random.length);
    s.write(Buffer.buffer(c1));
  }

  private void onRead(Object message) {
    try {
      if (message instanceof ByteBuf bytes) onBytes(BufferInternal.buffer(bytes)); // copied out before release
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  private void onBytes(Buffer data) {
    received += data.length();
    if (!handshaken) {
      handshake.appendBuffer(data);
      if (handshake.length() < 1 + 2 * HANDSHAKE) return;
      handshaken = true;
      Buffer s1 = handshake.getBuffer(1, 1 + HANDSHAKE);
      Buffer rest = handshake.getBuffer(1 + 2 * HANDSHAKE, handshake.length());
      handshake = null;
      socket.write(s1); // C2 echoes S1
      sendConnect();
      if (rest.length() > 0) reader.feed(rest);
    } else {
      reader.feed(data);
    }
    if (received - acknowledged >= window / 2 && socket != null) {
      acknowledged = received;
      socket.write(ChunkWriter.control(3, ChunkWriter.u32(received)));
    }
  }

  private void sendConnect() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("app", url.app());
    props.put("flashVer", "LNX 9,0,124,2");
    props.put("tcUrl", url.tcUrl());
    props.put("fpad", false);
    props.put("capabilities", 15);
    props.put("audioCodecs", 4071);
    props.put("videoCodecs", 252);
    props.put("videoFunction", 1);
    command(0, "connect", 1, props);
  }

  private void command(int streamId, Object... values) {
    int chunkStream = streamId == 0 ? ChunkWriter.COMMAND : ChunkWriter.PLAY;
    socket.write(ChunkWriter.message(chunkStream, 20, streamId, Amf0.encode(values)));
  }

  private void onMessage(int type, long timestamp, byte[] body) {
    if (over) return;
    switch (type) {
      case 1 -> reader.chunkSize((int) (u32(body, 0) & 0x7fffffff));
      case 2 -> reader.abort((int) u32(body, 0));
      case 4 -> userControl(body);
      case 5 -> window = u32(body, 0);
      case 6 -> socket.write(ChunkWriter.control(5, ChunkWriter.u32(OUR_WINDOW)));
      case 22 -> aggregate(timestamp, body);
      case 20 -> onCommand(Amf0.decode(body));
      case 17 -> onCommand(Amf0.decode(java.util.Arrays.copyOfRange(body, Math.min(1, body.length), body.length)));
      default -> {
        // 3 (our acknowledgements answered), 18 (onMetaData, |RtmpSampleAccess): nothing a recorder needs
      }
    }
  }

  private void userControl(byte[] body) {
    if (body.length < 2) return;
    int event = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
    if (event == 6 && body.length >= 6) { // PingRequest: answered with the same time, or the server drops us
      byte[] pong = {0, 7, body[2], body[3], body[4], body[5]};
      socket.write(ChunkWriter.control(4, pong));
    } else if (event == 1) {
      end("the publisher stopped (StreamEOF)");
    }
  }

  /** Aggregate message: FLV tags back to back, their times relative to the first one's. */
  private void aggregate(long timestamp, byte[] body) {
    long base = -1;
    for (int at = 0; at + 11 <= body.length; ) {
      int type = body[at] & 0x1f;
      int size = (int) (u32(body, at) & 0xffffff);
      long ts = (u32(body, at + 4) >> 8) | ((long) (body[at + 7] & 0xff) << 24);
      if (at + 11 + size > body.length) return;
      if (base < 0) base = ts;
      parser.message(type, timestamp + ts - base, body, at + 11, size);
      at += 11 + size + 4;
    }
  }

  /** A command from the server: the answers to ours, and onStatus. */
  private void onCommand(List<Object> values) {
    if (values.isEmpty() || !(values.get(0) instanceof String name)) return;
    double tx = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
    Map<?, ?> info = values.size() > 3 && values.get(3) instanceof Map<?, ?> m ? m : Map.of();
    switch (name) {
      case "_result" -> {
        if (tx == 1) {
          socket.write(ChunkWriter.control(5, ChunkWriter.u32(OUR_WINDOW)));
          command(0, "createStream", 2, null);
        } else if (tx == 2 && values.size() > 3 && values.get(3) instanceof Double id) {
          play(id.intValue());
        }
      }
      case "_error" -> end("the server refused " + (tx == 1 ? "connect" : "createStream") + ": " + describe(info));
      case "onStatus" -> status(String.valueOf(info.get("code")), describe(info));
      case "close" -> end("the server closed the stream");
      default -> {
        // onBWDone, _checkbw, onFCSubscribe...: courtesy calls a player may ignore
      }
    }
  }

  private void play(int streamId) {
    // -2000 ms: live if there is one, else a recorded stream (ffmpeg's default); then ask for a 3 s buffer
    command(streamId, "play", 0, null, url.stream(), -2000);
    byte[] setBuffer = {0, 3, (byte) (streamId >> 24), (byte) (streamId >> 16), (byte) (streamId >> 8),
        (byte) streamId, (byte) (BUFFER_MS >> 24), (byte) (BUFFER_MS >> 16), (byte) (BUFFER_MS >> 8), (byte) BUFFER_MS};
    socket.write(ChunkWriter.control(4, setBuffer));
  }

  private void status(String code, String description) {
    switch (code) {
      case "NetStream.Play.Start", "NetStream.Play.Reset", "NetStream.Play.PublishNotify" -> playing.tryComplete();
      case "NetStream.Play.UnpublishNotify", "NetStream.Play.Stop", "NetStream.Play.Complete" ->
          end("the publisher stopped (" + code + ")");
      default -> {
        if (code.contains("Failed") || code.contains("NotFound") || code.contains("Rejected")
            || code.contains("BadName")) {
          end("the server refused to play " + url.stream() + ": " + code + " " + description);
        }
      }
    }
  }

  private static String describe(Map<?, ?> info) {
    Object d = info.get("description");
    Object c = info.get("code");
    return d != null ? String.valueOf(d) : c != null ? String.valueOf(c) : "no reason given";
  }

  @Override
  public void pause() {
    if (socket != null) socket.pause();
  }

  @Override
  public void resume() {
    if (socket != null) socket.resume();
  }

  @Override
  public void stop() {
    over = true;
    playing.tryFail("stopped");
    if (socket != null) socket.close();
  }

  /** Before Play.Start this fails the start; after it, the sink hears why the read ended. Once. */
  private void end(String why) {
    if (over) return;
    over = true;
    if (socket != null) socket.close();
    if (!playing.tryFail(why)) sink.ended(why);
  }

  private static long u32(byte[] b, int at) {
    if (b.length < at + 4) return 0;
    return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }
}
