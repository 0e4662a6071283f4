package recfleet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one backoff: doubling from min, capped at max, jitter only ever adding up to its fraction. */
class BackoffPolicyTest {
  @Test
  void doubles_from_min_up_to_max_without_jitter() {
    var p = new BackoffPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), 0);
    assertEquals(100, p.delay(0).toMillis(), "no failure yet waits the minimum");
    assertEquals(100, p.delay(1).toMillis());
    assertEquals(200, p.delay(2).toMillis());
    assertEquals(400, p.delay(3).toMillis());
    assertEquals(1000, p.delay(5).toMillis(), "capped");
    assertEquals(1000, p.delay(10_000).toMillis(), "no overflow however many failures");
  }

  @Test
  void jitter_adds_at_most_its_fraction_and_never_subtracts() {
    var p = new BackoffPolicy(Duration.ofMillis(1000), Duration.ofMillis(1000), 0.2);
    for (int i = 0; i < 500; i++) {
      long d = p.delay(1).toMillis();
      assertTrue(d >= 1000 && d <= 1200, "delay " + d);
    }
  }

  @Test
  void a_max_below_min_waits_the_min() {
    assertEquals(500, new BackoffPolicy(Duration.ofMillis(500), Duration.ofMillis(100), 0).delay(4).toMillis());
  }
}
