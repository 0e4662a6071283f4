package recfleet.node.modes;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When a room records: {@code options.schedule = {"zone": "Asia/Shanghai", "windows": [{"days":
 * "mon-fri", "from": "08:00", "to": "18:00"}]}}. Days are names (mon, tue...), ranges (mon-fri),
 * lists (sat,sun) or daily; a window whose end is not after its start runs past midnight into the
 * next day. The zone is the room's ({@code [RECORD] timezone} when absent). Pure: asked with an instant.
 */
public record Schedule(ZoneId zone, List<Window> windows) {
  /** Days it starts on, and its times of day. */
  public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    boolean covers(ZonedDateTime t) {
      LocalTime time = t.toLocalTime();
      if (from.isBefore(to)) return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
      // past midnight: from the start day's evening, or the next morning
      return (days.contains(t.getDayOfWeek()) && !time.isBefore(from))
          || (days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(to));
    }
  }

  public boolean isOpen(Instant now) {
    ZonedDateTime t = now.atZone(zone);
    return windows.stream().anyMatch(w -> w.covers(t));
  }

  /** The room's schedule, or null when it has none; a bad one is an IllegalArgumentException naming its key. */
  public static Schedule of(Map<String, Object> roomOptions, ZoneId defaultZone) {
    Object raw = roomOptions == null ? null : roomOptions.get("schedule");
    if (raw == null) return null;
    if (!(raw instanceof Map<?, ?> schedule)) throw new IllegalArgumentException("options.schedule must be an object");
    ZoneId zone = defaultZone;
    if (schedule.get("zone") != null) {
      try {
        zone = ZoneId.of(String.valueOf(schedule.get("zone")));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("options.schedule.zone '" + schedule.get("zone") + "' is not a time zone");
      }
    }
    if (!(schedule.get("windows") instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("options.schedule.windows must be a list of {days, from, to}");
    }
    List<Window> windows = new ArrayList<>();
    for (Object w : list) {
      if (!(w instanceof Map<?, ?> m)) throw new IllegalArgumentException("options.schedule.windows holds a non-object");
      windows.add(new Window(days(m.get("days")), time(m.get("from"), "from"), time(m.get("to"), "to")));
    }
    return new Schedule(zone, List.copyOf(windows));
  }

  private static LocalTime time(Object v, String key) {
    try {
      return LocalTime.parse(String.valueOf(v));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("options.schedule.windows." + key + " '" + v + "' is not a time of day (HH:mm)");
    }
  }

  private static Set<DayOfWeek> days(Object v) {
    if (v == null) throw new IllegalArgumentException("options.schedule.windows.days is required (mon-fri, sat,sun, daily)");
    String text = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
      String p = part.strip();
      if (p.equals("daily") || p.equals("*")) return EnumSet.allOf(DayOfWeek.class);
      String[] range = p.split("-");
      DayOfWeek first = day(range[0]);
      DayOfWeek last = range.length > 1 ? day(range[1]) : first;
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) break;
      }
    }
    return days;
  }

  private static DayOfWeek day(String name) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().toLowerCase(Locale.ROOT).startsWith(name.strip()) && name.strip().length() >= 3) return d;
    }
    throw new IllegalArgumentException("options.schedule.windows.days: '" + name + "' is not a day (mon ... sun)");
  }
}
