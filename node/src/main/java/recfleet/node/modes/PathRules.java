package recfleet.node.modes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import recfleet.common.config.RecfleetConfig;

/** The [RULES] section, in the order written: the first rule whose match takes a stream path wins. */
public record PathRules(List<PathRule> rules) {
  public static PathRules from(RecfleetConfig c) {
    List<PathRule> rules = new ArrayList<>();
    c.entries("RULES").forEach((name, value) -> {
      try {
        rules.add(PathRule.parse(name, value));
      } catch (IllegalArgumentException e) {
        throw c.bad("RULES", name, value, e.getMessage());
      }
    });
    return new PathRules(List.copyOf(rules));
  }

  public Optional<PathRule.Matched> match(String streamPath) {
    for (PathRule r : rules) {
      PathRule.Matched m = r.matches(streamPath);
      if (m != null) return Optional.of(m);
    }
    return Optional.empty();
  }
}
