package recfleet.node.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** [RULES] entries read as users write them, and the templates they give, with the field at fault named. */
class PathRuleParseTest {
  @Test
  void a_rule_matches_its_streams_and_its_template_fills_in_groups_time_room_and_sequence() {
    PathRule rule = PathRule.parse("live", "match=^live/(.+)$; path=record/$1/{date}/{time}-{seq}; fragment=60; mode=event");
    assertTrue(rule.onDemand(), "event rooms are on demand");
    assertEquals(60L, rule.fragmentSeconds());
    assertNull(rule.matches("other/cam1"));
    PathRule.Matched m = rule.matches("live/cam1");
    String template = PathTemplate.withGroups(rule.pathTemplate(), m.groups());
    assertEquals("record/cam1/{date}/{time}-{seq}", template);
    assertEquals("record/cam1/2026-12-02/10-30-05-3",
        PathTemplate.render(template, "live_cam1", 3, OffsetDateTime.parse("2026-12-02T10:30:05+08:00")));
    assertNull(PathTemplate.render("record/../{seq}", "r", 1, OffsetDateTime.now()), "never out of the storage root");
    assertEquals("live/cam1", PathTemplate.withGroups("$0", m.groups()));
    assertEquals(10L, PathRule.parse("m", "match=^live/.+$; fragment=10s").fragmentSeconds(), "Monibuca's fragment: 10s");
    assertEquals(90L, PathRule.parse("m", "match=^live/.+$; fragment=1m30s").fragmentSeconds());
    assertEquals(0L, PathRule.parse("m", "match=^live/.+$; fragment=0").fragmentSeconds(), "0: one file");
  }

  @Test
  void a_bad_rule_says_which_part_is_wrong() {
    for (var bad : Map.of(
        "path=record/{time}", "match= is required",
        "match=^live/(.+$", "is not a regex",
        "match=^live/.+$; path=record/$0", "must hold {time} or {seq}",
        "match=^live/.+$; fragment=ten", "fragment 'ten' is not a duration",
        "match=^live/.+$; fragment=1.5s", "is not whole seconds",
        "match=^live/.+$; mode=always", "mode",
        "match=^live/.+$; color=red", "color is not a rule setting",
        "match=^live/.+$; storage=s3", "storage 's3' is not local or webdav").entrySet()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathRule.parse("r", bad.getKey()));
      assertTrue(e.getMessage().contains(bad.getValue()), bad.getKey() + ": " + e.getMessage());
    }
  }
}
