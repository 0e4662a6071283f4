package recfleet.node.ingest.rtmp;

import io.vertx.core.buffer.Buffer;

/**
 * Cuts an outgoing RTMP message into chunks: a type-0 header, then type-3 headers for the rest. A
 * player sends little (commands, acknowledgements, pongs), so the chunk size stays the protocol's
 * default of 128 and timestamps stay below the extended range.
 */
final class ChunkWriter {
  static final int CONTROL = 2;
  static final int COMMAND = 3;
  static final int PLAY = 8;
  private static final int CHUNK = 128;

  private ChunkWriter() {}

  static Buffer message(int chunkStreamId, int type, int streamId, byte[] body) {
    Buffer out = Buffer.buffer(body.length + 12 + body.length / CHUNK);
    out.appendByte((byte) chunkStreamId); // type 0, chunk streams 2-63 fit the one-byte form
    out.appendMedium(0).appendMedium(body.length).appendByte((byte) type).appendIntLE(streamId);
    for (int at = 0; at < body.length; at += CHUNK) {
      if (at > 0) out.appendByte((byte) (0xc0 | chunkStreamId));
      out.appendBytes(body, at, Math.min(CHUNK, body.length - at));
    }
    return out;
  }

  /** A protocol control message (types 1-6) on chunk stream 2, message stream 0. */
  static Buffer control(int type, byte[] body) {
    return message(CONTROL, type, 0, body);
  }

  static byte[] u32(long value) {
    return new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
  }
}
