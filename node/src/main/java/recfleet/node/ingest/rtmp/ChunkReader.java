package recfleet.node.ingest.rtmp;

import recfleet.node.media.PayloadPool;
import recfleet.node.media.PooledBytes;

import recfleet.node.ingest.ByteWindow;

import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles RTMP messages from the chunk stream (Adobe's RTMP 1.0, section 5.3), fed in byte runs
 * as the socket delivers them. Chunk headers of types 0-3, extended timestamps (also on type-3
 * chunks of a message that had one) and a chunk size the peer may change at any time. Timestamp
 * deltas follow nginx-rtmp's reading of the specification: a type 0 header sets the time and clears
 * the delta, types 1 and 2 set the delta, a type-3 header on a new message repeats the last delta.
 * Not thread-safe: one connection, one event loop.
 */
final class ChunkReader {
  /** What the reader hands out. */
  interface Listener {
    /** A control, command or aggregate message: {@code body} is exactly the message. */
    void message(int type, int streamId, long timestamp, byte[] body);

    /**
     * An audio (8) or video (9) message: its first {@code length} bytes of a pooled array, held once
     * for the listener, which lets go when it is done with it.
     */
    void media(int type, int streamId, long timestamp, PooledBytes body, int length);

    void malformed(String why);
  }

  /** One chunk stream's header state and the message being assembled on it. */
  private static final class ChunkStream {
    long timestamp;
    long delta;
    int length;
    int type;
    int streamId;
    boolean extended;
    byte[] body;
    /** The pool's hold on {@code body} for an audio or video message, else null. */
    PooledBytes pooled;
    int got;
  }

  private static final int[] HEADER_LENGTHS = {11, 7, 3, 0};
  private static final int MAX_MESSAGE = 16 * 1024 * 1024;
  private final Listener listener;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private int chunkSize = 128;
  private final ByteWindow window = new ByteWindow(16 * 1024);
  /** The window's array and bounds while a feed parses (synced with it around each feed). */
  private byte[] buf;
  private int start;
  private int end;
  private boolean broken;

  ChunkReader(Listener listener) {
    this.listener = listener;
  }

  /** The peer's Set Chunk Size: every chunk after this one is this long. */
  void chunkSize(int size) {
    if (size < 1 || size > MAX_MESSAGE) {
      fail("a chunk size of " + size);
      return;
    }
    chunkSize = size;
  }

  /** Abort Message: the message in progress on this chunk stream is dropped. */
  void abort(int chunkStreamId) {
    ChunkStream cs = streams.get(chunkStreamId);
    if (cs != null) {
      cs.body = null;
      cs.got = 0;
    }
  }

  void feed(byte[] data, int offset, int length) {
    if (broken) return;
    window.append(data, offset, length);
    parse();
  }

  /** The same, straight from the socket's buffer. */
  void feed(io.vertx.core.buffer.Buffer data) {
    if (broken) return;
    window.append(data);
    parse();
  }

  private void parse() {
    buf = window.array();
    start = window.start();
    end = window.end();
    int used;
    while (!broken && (used = chunk()) > 0) start += used;
    window.consumeTo(start);
  }

  /** Reads one whole chunk at {@code start}; returns its length, or 0 while part of it is still to come. */
  private int chunk() {
    int p = start;
    if (end - p < 1) return 0;
    int fmt = (buf[p] & 0xff) >> 6;
    int csid = buf[p++] & 0x3f;
    if (csid == 0) {
      if (end - p < 1) return 0;
      csid = 64 + (buf[p++] & 0xff);
    } else if (csid == 1) {
      if (end - p < 2) return 0;
      csid = 64 + (buf[p] & 0xff) + ((buf[p + 1] & 0xff) << 8);
      p += 2;
    }
    return messageHeader(p, fmt, csid);
  }

  /** Reads the message header at {@code p} and, if the chunk's payload is all here, takes the chunk. */
  private int messageHeader(int p, int fmt, int csid) {
    if (end - p < HEADER_LENGTHS[fmt]) return 0;
    ChunkStream cs = streams.computeIfAbsent(csid, k -> new ChunkStream());
    if (fmt == 3 && cs.type == 0) {
      fail("a type-3 chunk on chunk stream " + csid + " before any header");
      return 0;
    }
    long tsField = fmt < 3 ? u24(p) : -1;
    int length = fmt < 2 ? u24(p + 3) : cs.length;
    boolean extended = fmt < 3 ? tsField == 0xffffff : cs.extended;
    int h = p + HEADER_LENGTHS[fmt];
    if (extended) {
      if (end - h < 4) return 0;
      tsField = u32(h);
      h += 4;
    }
    if (length > MAX_MESSAGE) {
      fail("a message of " + length + " bytes");
      return 0;
    }
    boolean first = cs.body == null || fmt < 3; // a full header mid-message starts over
    int payload = Math.min(chunkSize, length - (first ? 0 : cs.got));
    if (end - h < payload) return 0;
    // the whole chunk is here: now the header changes the stream's state
    if (fmt < 2) {
      cs.length = length;
      cs.type = buf[p + 6] & 0xff;
    }
    if (fmt == 0) cs.streamId = u32le(p + 7);
    if (fmt < 3) cs.extended = extended;
    if (first) begin(cs, fmt, tsField, extended);
    System.arraycopy(buf, h, cs.body, cs.got, payload);
    cs.got += payload;
    if (cs.got == cs.length) {
      byte[] body = cs.body;
      PooledBytes pooled = cs.pooled;
      cs.body = null;
      cs.pooled = null;
      if (pooled != null) {
        listener.media(cs.type, cs.streamId, cs.timestamp & 0xffffffffL, pooled, cs.length);
      } else {
        listener.message(cs.type, cs.streamId, cs.timestamp & 0xffffffffL, body);
      }
    }
    return h + payload - start;
  }

  /** The first chunk of a message: its time, by nginx-rtmp's reading of the delta rules. */
  private static void begin(ChunkStream cs, int fmt, long tsField, boolean extended) {
    if (fmt == 0) {
      cs.timestamp = tsField;
      cs.delta = 0;
    } else {
      if (fmt < 3 || extended) cs.delta = tsField;
      cs.timestamp += cs.delta;
    }
    // media payloads live as long as the ring holds them: pooled, so they are not garbage to collect
    cs.pooled = cs.type == 8 || cs.type == 9 ? PayloadPool.shared().take(cs.length) : null;
    cs.body = cs.pooled != null ? cs.pooled.array() : new byte[cs.length];
    cs.got = 0;
  }


  private void fail(String why) {
    broken = true;
    listener.malformed(why);
  }

  private int u24(int at) {
    return ((buf[at] & 0xff) << 16) | ((buf[at + 1] & 0xff) << 8) | (buf[at + 2] & 0xff);
  }

  private long u32(int at) {
    return ((long) (buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8)
        | (buf[at + 3] & 0xff);
  }

  private int u32le(int at) {
    return (buf[at] & 0xff) | ((buf[at + 1] & 0xff) << 8) | ((buf[at + 2] & 0xff) << 16) | ((buf[at + 3] & 0xff) << 24);
  }
}
