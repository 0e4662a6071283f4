package recfleet.node.modes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import recfleet.common.config.RecfleetConfig;

/** The [RULES] section, in the order written: the first rule whose match takes a stream path wins. */
public record PathRules(List<PathRule> rules) {
  /** {@code storages}: the storages this node has, which a rule's {@code storage=} must name. */
  public static PathRules from(RecfleetConfig c, Set<String> storages) {
    List<PathRule> rules = new ArrayList<>();
    c.entries("RULES").forEach((name, value) -> {
      try {
        PathRule rule = PathRule.parse(name, value);
        if (rule.storage() != null && !storages.contains(rule.storage())) {
          throw new IllegalArgumentException("storage=" + rule.storage() + " is not configured here (" + storages
              + "; webdav needs [WEBDAV] hostname)");
        }
        rules.add(rule);
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
