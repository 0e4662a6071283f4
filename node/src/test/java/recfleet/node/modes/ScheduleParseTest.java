package recfleet.node.modes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recording windows as users write them, judged at instants chosen by hand, in the room's zone. */
class ScheduleParseTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void weekday_hours_and_a_weekend_night_past_midnight_in_the_rooms_zone() {
    Schedule s = Schedule.of(Map.of("schedule", Map.of("zone", "Asia/Shanghai", "windows", List.of(
        Map.of("days", "mon-fri", "from", "08:00", "to", "18:00"),
        Map.of("days", List.of("sat", "sun"), "from", "22:00", "to", "06:00")))), ZoneId.of("UTC"));
    assertTrue(s.isOpen(at("2026-12-07T08:00:00")), "Monday 08:00 opens");
    assertFalse(s.isOpen(at("2026-12-07T18:00:00")), "18:00 closes");
    assertFalse(s.isOpen(at("2026-12-05T12:00:00")), "not Saturday noon");
    assertTrue(s.isOpen(at("2026-12-05T23:30:00")), "Saturday night");
    assertTrue(s.isOpen(at("2026-12-06T05:59:00")), "into Sunday morning");
    assertTrue(s.isOpen(at("2026-12-07T03:00:00")), "Sunday's night runs into Monday morning");
    assertFalse(s.isOpen(at("2026-12-08T03:00:00")), "Monday's night is not a window");
    assertNull(Schedule.of(Map.of(), SHANGHAI), "no schedule: always");
  }

  @Test
  void a_bad_schedule_names_its_key() {
    for (Object bad : List.<Object>of("daily", Map.of("windows", List.of()),
        Map.of("windows", List.of(Map.of("days", "funday", "from", "08:00", "to", "09:00"))),
        Map.of("windows", List.of(Map.of("days", "mon", "from", "8am", "to", "09:00"))),
        Map.of("zone", "Mars/Olympus", "windows", List.of(Map.of("days", "mon", "from", "08:00", "to", "09:00"))))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Schedule.of(Map.of("schedule", bad), SHANGHAI), String.valueOf(bad));
      assertTrue(e.getMessage().startsWith("options.schedule"), e.getMessage());
    }
  }

  private static Instant at(String localShanghai) {
    return java.time.LocalDateTime.parse(localShanghai).atZone(SHANGHAI).toInstant();
  }
}
