package recfleet.node.ingest;

import java.util.Arrays;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.PayloadPool;
import recfleet.node.media.PooledBytes;
import recfleet.node.media.TrackKind;

/**
 * Reads an FLV byte stream, fed in chunks as they arrive (an HTTP-FLV body, RTMP's audio and video
 * messages, a file), and hands out {@link Packet}s: no demuxer, no thread, no FFmpeg context. A
 * sequence header (AVC/HEVC configuration record, AAC AudioSpecificConfig) becomes the track's
 * {@link CodecConfig} for the packets after it; script tags are skipped. Not thread-safe.
 */
public final class FlvTagParser {
  /** Where the parsed stream goes. */
  public interface Listener {
    void packet(Packet packet);

    /** The stream cannot be read on from here (a bad header, a tag that cannot be one); feeding more does nothing. */
    void malformed(String why);
  }

  private static final int TAG_HEADER = 11;
  private static final int MAX_TAG = 16 * 1024 * 1024;
  private final Listener listener;
  private final ByteWindow window = new ByteWindow(64 * 1024);
  /** The window's array and bounds while a feed parses (synced with it around each feed). */
  private byte[] buf;
  private int start;
  private int end;
  private boolean headerRead;
  private boolean broken;
  private CodecConfig video;
  private CodecConfig audio;
  /** The body {@link #message} was given: owned by its caller's message, never reused, so shared. */
  private byte[] owned;
  /** The pool's hold on {@link #owned}, when it is a pooled array (a packet made from it shares the hold). */
  private PooledBytes ownedPool;

  public FlvTagParser(Listener listener) {
    this.listener = listener;
  }

  /** Takes the next bytes of the stream; parses every tag they complete. */
  public void feed(byte[] data, int offset, int length) {
    if (broken) return;
    window.append(data, offset, length);
    parse();
  }

  /** The same, straight from the network's buffer. */
  public void feed(io.vertx.core.buffer.Buffer data) {
    if (broken) return;
    window.append(data);
    parse();
  }

  private void parse() {
    buf = window.array();
    start = window.start();
    end = window.end();
    try {
      parseTags();
    } finally {
      window.consumeTo(start);
    }
  }

  private void parseTags() {
    if (!headerRead && !readHeader()) return;
    while (!broken && end - start >= TAG_HEADER) {
      int size = u24(start + 1);
      if (size > MAX_TAG) {
        fail("a tag of " + size + " bytes");
        return;
      }
      if (end - start < TAG_HEADER + size + 4) return; // the rest of this tag is still on its way
      tag(buf, buf[start] & 0x1f, timestamp(start + 4), start + TAG_HEADER, size);
      start += TAG_HEADER + size + 4; // and the PreviousTagSize after it
    }
  }

  private boolean readHeader() {
    if (end - start < 13) return false;
    if (buf[start] != 'F' || buf[start + 1] != 'L' || buf[start + 2] != 'V') {
      fail("not FLV: it does not start with 'FLV'");
      return false;
    }
    int dataOffset = (int) u32(start + 5);
    if (dataOffset < 9 || dataOffset > 1024) {
      fail("an FLV header of " + dataOffset + " bytes");
      return false;
    }
    if (end - start < dataOffset + 4) return false;
    start += dataOffset + 4; // PreviousTagSize0
    headerRead = true;
    return true;
  }

  /**
   * Takes one tag body that arrived without FLV's framing: an RTMP audio (8) or video (9) message is
   * exactly an FLV tag body. Other types are ignored.
   */
  public void message(int type, long dts, byte[] body, int offset, int length) {
    message(type, dts, body, null, offset, length);
  }

  /** The same for a message in a pooled array: the caller keeps its own hold and lets go after this call. */
  public void message(int type, long dts, PooledBytes body, int length) {
    message(type, dts, body.array(), body, 0, length);
  }

  private void message(int type, long dts, byte[] body, PooledBytes pooled, int offset, int length) {
    if (broken) return;
    owned = body;
    ownedPool = pooled;
    try {
      tag(body, type, dts, offset, length);
    } finally {
      owned = null;
      ownedPool = null;
    }
  }

  private void tag(byte[] b, int type, long dts, int at, int size) {
    if (size == 0) return;
    if (type == 9) videoTag(b, dts, at, size);
    else if (type == 8) audioTag(b, dts, at, size);
    // 18: script data (onMetaData); nothing a writer needs from the source
  }

  private void videoTag(byte[] b, long dts, int at, int size) {
    int first = b[at] & 0xff;
    if ((first & 0x80) != 0) {
      enhancedVideoTag(b, dts, at, size);
      return;
    }
    int frameType = first >> 4;
    int codec = first & 0x0f;
    if (frameType == 5) return; // a video info/command frame, no picture
    if (codec != CodecConfig.AVC && codec != CodecConfig.HEVC) {
      packet(b, TrackKind.VIDEO, dts, 0, frameType == 1, videoConfig(codec), at + 1, size - 1);
      return;
    }
    if (size < 5) return;
    int packetType = b[at + 1] & 0xff;
    int cts = (u24(b, at + 2) << 8) >> 8; // SI24
    if (packetType == 0) {
      video = new CodecConfig(TrackKind.VIDEO, codec, 0, Arrays.copyOfRange(b, at + 5, at + size));
    } else if (packetType == 1 && video != null) {
      packet(b, TrackKind.VIDEO, dts, cts, frameType == 1, video, at + 5, size - 5);
    }
  }

  /**
   * Enhanced RTMP (Veovera): the first byte holds the frame type and a packet type, a FourCC names
   * the codec. Only HEVC ({@code hvc1}) is read; other FourCCs are skipped, not misread.
   */
  private void enhancedVideoTag(byte[] b, long dts, int at, int size) {
    if (size < 5) return;
    int first = b[at] & 0xff;
    int frameType = (first >> 4) & 0x07;
    int packetType = first & 0x0f;
    boolean hevc = b[at + 1] == 'h' && b[at + 2] == 'v' && b[at + 3] == 'c' && b[at + 4] == '1';
    if (!hevc || frameType == 5) return;
    int body = at + 5;
    if (packetType == 0) {
      video = new CodecConfig(TrackKind.VIDEO, CodecConfig.HEVC, 0, Arrays.copyOfRange(b, body, at + size));
    } else if (packetType == 1 && video != null && size >= 8) {
      int cts = (u24(b, body) << 8) >> 8;
      packet(b, TrackKind.VIDEO, dts, cts, frameType == 1, video, body + 3, at + size - body - 3);
    } else if (packetType == 3 && video != null) { // coded frames with no composition offset
      packet(b, TrackKind.VIDEO, dts, 0, frameType == 1, video, body, at + size - body);
    }
  }

  private CodecConfig videoConfig(int codec) {
    if (video == null || video.codecId() != codec) video = new CodecConfig(TrackKind.VIDEO, codec, 0, null);
    return video;
  }

  private void audioTag(byte[] b, long dts, int at, int size) {
    int flags = b[at] & 0xff;
    int format = flags >> 4;
    if (format != CodecConfig.AAC) {
      if (audio == null || audio.codecId() != format || audio.audioFlags() != flags) {
        audio = new CodecConfig(TrackKind.AUDIO, format, flags, null);
      }
      packet(b, TrackKind.AUDIO, dts, 0, true, audio, at + 1, size - 1);
      return;
    }
    if (size < 2) return;
    if ((b[at + 1] & 0xff) == 0) {
      audio = new CodecConfig(TrackKind.AUDIO, format, flags, Arrays.copyOfRange(b, at + 2, at + size));
    } else if (audio != null) {
      packet(b, TrackKind.AUDIO, dts, 0, true, audio, at + 2, size - 2);
    }
  }

  private void packet(byte[] b, TrackKind kind, long dts, int cts, boolean key, CodecConfig config, int from,
                      int length) {
    // a message body the caller gave away is shared as it is; the window's own array is reused, so
    // copied, into a pooled array this method holds until the listener has taken its own holds
    if (b == owned) {
      listener.packet(new Packet(kind, dts, cts, key, config, b, from, length, ownedPool));
      return;
    }
    PooledBytes copy = PayloadPool.shared().take(length);
    System.arraycopy(b, from, copy.array(), 0, length);
    try {
      listener.packet(new Packet(kind, dts, cts, key, config, copy.array(), 0, length, copy));
    } finally {
      copy.release();
    }
  }


  private void fail(String why) {
    broken = true;
    listener.malformed(why);
  }

  private long timestamp(int at) {
    return ((long) (buf[at + 3] & 0xff) << 24) | u24(at); // the extension byte holds the upper 8 bits
  }

  private int u24(int at) {
    return u24(buf, at);
  }

  private static int u24(byte[] b, int at) {
    return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
  }

  private long u32(int at) {
    return ((long) (buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8)
        | (buf[at + 3] & 0xff);
  }
}
