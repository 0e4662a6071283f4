package recfleet.node.writer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;

/**
 * Writes packets as FLV: the header, an {@code onMetaData} whose duration and file size are filled
 * in on close, each track's sequence header before its first packet (and again when its
 * configuration changes), then one tag per packet with timestamps rebased to start at 0. The
 * payloads are copied as they are: a copy is bit-exact. Blocking; one writer per file.
 */
public final class FlvWriter implements MediaWriter {
  private static final int VIDEO = 9;
  private static final int AUDIO = 8;
  private static final int SCRIPT = 18;

  private final Path file;
  private final OutputStream out;
  private long written;
  private long durationAt = -1;
  private long fileSizeAt = -1;
  private long firstDts = -1;
  private long lastDts;
  private CodecConfig video;
  private CodecConfig audio;
  private boolean closed;

  public FlvWriter(Path file, boolean hasVideo, boolean hasAudio) throws IOException {
    this.file = file;
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    byte flags = (byte) ((hasAudio ? 4 : 0) | (hasVideo ? 1 : 0));
    write(new byte[] {'F', 'L', 'V', 1, flags, 0, 0, 0, 9, 0, 0, 0, 0});
    metadata();
    out.flush(); // from its opening on, the file on disk is an FLV
  }

  @Override
  public void write(Packet p) throws IOException {
    if (firstDts < 0) firstDts = p.dts();
    long ts = Math.max(0, p.dts() - firstDts);
    lastDts = Math.max(lastDts, ts);
    if (p.kind() == TrackKind.VIDEO) {
      if (!p.config().equals(video)) sequenceHeader(p.config(), ts);
      video = p.config();
      writeVideo(p, ts);
    } else {
      if (!p.config().equals(audio)) sequenceHeader(p.config(), ts);
      audio = p.config();
      writeAudio(p, ts);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Media written so far, in ms (the last timestamp). */
  @Override
  public long durationMillis() {
    return lastDts;
  }

  private void writeVideo(Packet p, long ts) throws IOException {
    int codec = p.config().codecId();
    int frameType = p.keyframe() ? 1 : 2;
    byte first = (byte) ((frameType << 4) | codec);
    if (codec == CodecConfig.HEVC) {
      // Enhanced RTMP's form (ex header, FourCC): what FFmpeg and current players read as HEVC in FLV
      int cts = p.cts();
      tag(VIDEO, ts, new byte[] {(byte) (0x80 | (frameType << 4) | 1), 'h', 'v', 'c', '1',
          (byte) (cts >> 16), (byte) (cts >> 8), (byte) cts}, p);
    } else if (codec == CodecConfig.AVC) {
      int cts = p.cts();
      tag(VIDEO, ts, new byte[] {first, 1, (byte) (cts >> 16), (byte) (cts >> 8), (byte) cts}, p);
    } else {
      tag(VIDEO, ts, new byte[] {first}, p);
    }
  }

  private void writeAudio(Packet p, long ts) throws IOException {
    byte flags = (byte) p.config().audioFlags();
    if (p.config().codecId() == CodecConfig.AAC) tag(AUDIO, ts, new byte[] {flags, 1}, p);
    else tag(AUDIO, ts, new byte[] {flags}, p);
  }

  private void sequenceHeader(CodecConfig c, long ts) throws IOException {
    if (!c.hasSequenceHeader()) return;
    if (c.kind() == TrackKind.VIDEO && c.codecId() == CodecConfig.HEVC) {
      tag(VIDEO, ts, new byte[] {(byte) (0x80 | 0x10), 'h', 'v', 'c', '1'}, c.record());
    } else if (c.kind() == TrackKind.VIDEO) {
      tag(VIDEO, ts, new byte[] {(byte) (0x10 | c.codecId()), 0, 0, 0, 0}, c.record());
    } else {
      tag(AUDIO, ts, new byte[] {(byte) c.audioFlags(), 0}, c.record());
    }
  }

  /** onMetaData with duration and filesize as placeholders: their offsets are kept and filled in on close. */
  private void metadata() throws IOException {
    ByteBuffer amf = ByteBuffer.allocate(64);
    amfString(amf, "onMetaData");
    amf.put((byte) 8).putInt(2); // ECMA array of two
    amfKey(amf, "duration");
    int durationOffset = amf.position() + 1;
    amf.put((byte) 0).putDouble(0);
    amfKey(amf, "filesize");
    int sizeOffset = amf.position() + 1;
    amf.put((byte) 0).putDouble(0);
    amf.put(new byte[] {0, 0, 9});
    byte[] body = java.util.Arrays.copyOf(amf.array(), amf.position());
    long bodyAt = written + 11;
    durationAt = bodyAt + durationOffset;
    fileSizeAt = bodyAt + sizeOffset;
    tag(SCRIPT, 0, new byte[0], body);
  }

  private static void amfString(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.put((byte) 2).putShort((short) bytes.length).put(bytes);
  }

  private static void amfKey(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putShort((short) bytes.length).put(bytes);
  }

  private void tag(int type, long ts, byte[] head, Packet p) throws IOException {
    tag(type, ts, head, p.data(), p.offset(), p.size());
  }

  private void tag(int type, long ts, byte[] head, byte[] payload) throws IOException {
    tag(type, ts, head, payload, 0, payload.length);
  }

  private void tag(int type, long ts, byte[] head, byte[] data, int offset, int length) throws IOException {
    int size = head.length + length;
    write(new byte[] {(byte) type, (byte) (size >> 16), (byte) (size >> 8), (byte) size,
        (byte) (ts >> 16), (byte) (ts >> 8), (byte) ts, (byte) (ts >> 24), 0, 0, 0});
    write(head);
    out.write(data, offset, length);
    written += length;
    int total = 11 + size;
    write(new byte[] {(byte) (total >> 24), (byte) (total >> 16), (byte) (total >> 8), (byte) total});
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    written += b.length;
  }

  /** Flushes, fills in duration and file size, and syncs the file to disk. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    out.close();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(durationAt);
      raf.writeDouble(lastDts / 1000.0);
      raf.seek(fileSizeAt);
      raf.writeDouble(written);
      raf.getFD().sync();
    }
  }
}
