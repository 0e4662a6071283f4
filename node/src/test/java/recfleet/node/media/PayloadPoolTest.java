package recfleet.node.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The payload pool: size classes that waste at most a quarter, an array back only once its last
 * holder lets go (the ring's trim included), a bound on what waits, and a hold counted wrong is
 * said at once instead of corrupting another room's packet.
 */
class PayloadPoolTest {
  @Test
  void every_size_gets_a_class_at_most_a_quarter_bigger() {
    for (int size = 257; size <= 1 << 22; size += size / 7 + 1) {
      int c = PayloadPool.classOf(size);
      int capacity = PayloadPool.capacity(c);
      assertTrue(capacity >= size && capacity <= size * 1.25 + 64, size + " -> " + capacity);
      assertEquals(c, PayloadPool.classOf(capacity), "a class's own capacity maps back to it");
    }
    assertEquals(-1, PayloadPool.classOf(256), "small payloads are plain arrays");
    assertEquals(-1, PayloadPool.classOf((1 << 22) + 1), "so are huge ones");
  }

  @Test
  void an_array_goes_back_when_its_last_holder_lets_go_and_is_taken_again() {
    PayloadPool pool = new PayloadPool(1 << 20);
    PooledBytes first = pool.take(1000);
    Packet p = new Packet(TrackKind.VIDEO, 0, 0, true, config(), first.array(), 0, 1000, first);
    p.retain(); // the ring
    p.retain(); // the write queue
    first.release(); // the ingest
    p.release();
    assertEquals(0, pool.idleBytes(), "still held by the ring");
    p.release();
    assertEquals(first.array().length, pool.idleBytes());
    assertSame(first.array(), pool.take(900).array(), "the same class takes it again");
    assertThrows(IllegalStateException.class, p::release, "one release too many is caught");
  }

  @Test
  void the_ring_lets_go_of_the_gops_it_trims_and_their_arrays_carry_the_next_packets() {
    PayloadPool pool = new PayloadPool(16 << 20);
    GopRing ring = new GopRing(1000, 1 << 30);
    java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int i = 0; i < 200; i++) {
      PooledBytes bytes = pool.take(2000);
      arrays.add(bytes.array());
      ring.add(new Packet(TrackKind.VIDEO, i * 40L, 0, i % 25 == 0, config(), bytes.array(), 0, 2000, bytes), i * 40L);
      bytes.release();
    }
    assertEquals(50, ring.size(), "two 1 s GOPs kept");
    assertTrue(arrays.size() <= 75, arrays.size() + " arrays for 200 packets: at most what the ring held at once");
    ring.clear();
    assertEquals((long) arrays.size() * PayloadPool.capacity(PayloadPool.classOf(2000)), pool.idleBytes(),
        "every array is back once the ring is cleared");
  }

  @Test
  void what_waits_in_the_pool_is_bounded() {
    PayloadPool pool = new PayloadPool(10_000);
    for (int i = 0; i < 10; i++) pool.take(3000).release();
    assertTrue(pool.idleBytes() <= 10_000, pool.idleBytes() + " bytes idle");
  }

  private static CodecConfig config() {
    return new CodecConfig(TrackKind.VIDEO, CodecConfig.AVC, 0, new byte[] {1, 2, 3});
  }
}
