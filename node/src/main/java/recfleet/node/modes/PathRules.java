package recfleet.node.modes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import recfleet.node.upload.StorageOptions;
import recfleet.common.config.RecfleetConfig;

/** The [RULES] section, in the order written: the first rule whose match takes a stream path wins. */
public record PathRules(List<PathRule> rules) {
  /** {@code storages}: the storages this node has, which a rule's {@code storage=} must name. */
  public static PathRules from(RecfleetConfig c, StorageOptions storages) {
    List<PathRule> rules = new ArrayList<>();
    c.entries("RULES").forEach((name, value) -> {
      try {
        PathRule rule = PathRule.parse(name, value);
        storages.checkConfigured(rule.storage(), "storage");
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
