package recfleet.node.ingest.rtmp;

import recfleet.node.media.PooledBytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chunk stream's corners that a short test against nginx-rtmp never reaches (RTMP 1.0, 5.3.1):
 * extended timestamps, also repeated on type-3 chunks; type 1-3 headers adding deltas; a chunk
 * size raised mid-stream; a message cut into chunks fed one byte at a time.
 */
class ChunkReaderTest {
  private record Message(int type, int streamId, long timestamp, byte[] body) {}

  @Test
  void reads_extended_timestamps_deltas_and_a_new_chunk_size_fed_byte_by_byte() {
    List<Message> got = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    ChunkReader reader = new ChunkReader(new ChunkReader.Listener() {
      @Override
      public void message(int type, int streamId, long timestamp, byte[] body) {
        got.add(new Message(type, streamId, timestamp, body));
      }

      @Override
      public void media(int type, int streamId, long timestamp, PooledBytes body, int length) {
        got.add(new Message(type, streamId, timestamp, java.util.Arrays.copyOf(body.array(), length)));
        body.release();
      }

      @Override
      public void malformed(String why) {
        problems.add(why);
      }
    });
    byte[] big = new byte[300];
    for (int i = 0; i < big.length; i++) big[i] = (byte) i;
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    // type 0 on chunk stream 6, timestamp 0x01000000 (extended), 300 bytes in 128-byte chunks;
    // each type-3 continuation repeats the extended timestamp
    in.writeBytes(new byte[] {6, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 1, 44, 9, 1, 0, 0, 0, 1, 0, 0, 0});
    in.write(big, 0, 128);
    in.writeBytes(new byte[] {(byte) 0xc6, 1, 0, 0, 0});
    in.write(big, 128, 128);
    in.writeBytes(new byte[] {(byte) 0xc6, 1, 0, 0, 0});
    in.write(big, 256, 44);
    // type 2 (delta 40) on the same stream, same length and type: a 300-byte message again
    in.writeBytes(new byte[] {(byte) 0x86, 0, 0, 40});
    in.write(big, 0, 128);
    in.writeBytes(new byte[] {(byte) 0xc6});
    in.write(big, 128, 128);
    in.writeBytes(new byte[] {(byte) 0xc6});
    in.write(big, 256, 44);
    // a type-3 header starting a new message repeats the last delta (nginx-rtmp's reading)
    in.writeBytes(new byte[] {(byte) 0xc6});
    in.write(big, 0, 128);
    in.writeBytes(new byte[] {(byte) 0xc6});
    in.write(big, 128, 128);
    in.writeBytes(new byte[] {(byte) 0xc6});
    in.write(big, 256, 44);
    byte[] bytes = in.toByteArray();
    for (int i = 0; i < bytes.length; i++) reader.feed(bytes, i, 1);
    // the peer raises the chunk size to 4096: a 300-byte message in one chunk (type 1, delta 5)
    reader.chunkSize(4096);
    ByteArrayOutputStream after = new ByteArrayOutputStream();
    after.writeBytes(new byte[] {(byte) 0x46, 0, 0, 5, 0, 1, 44, 8});
    after.write(big, 0, 300);
    reader.feed(after.toByteArray(), 0, after.size());

    assertTrue(problems.isEmpty(), problems.toString());
    assertEquals(4, got.size());
    assertEquals(List.of(0x01000000L, 0x01000028L, 0x01000050L, 0x01000055L),
        got.stream().map(Message::timestamp).toList());
    assertEquals(List.of(9, 9, 9, 8), got.stream().map(Message::type).toList());
    assertEquals(1, got.get(3).streamId(), "a type-1 header keeps the message stream");
    for (Message m : got) assertArrayEquals(big, m.body());
  }

  @Test
  void a_type_3_chunk_before_any_header_is_said_to_be_malformed_once() {
    List<String> problems = new ArrayList<>();
    ChunkReader reader = new ChunkReader(new ChunkReader.Listener() {
      @Override
      public void message(int type, int streamId, long timestamp, byte[] body) {
      }

      @Override
      public void media(int type, int streamId, long timestamp, PooledBytes body, int length) {
        body.release();
      }

      @Override
      public void malformed(String why) {
        problems.add(why);
      }
    });
    byte[] bad = {(byte) 0xc5, 1, 2, 3};
    reader.feed(bad, 0, bad.length);
    reader.feed(bad, 0, bad.length);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("before any header"), problems.get(0));
  }
}
