package recfleet.common.link;

import java.util.Objects;

/** Sent by a node that stops cleanly, so that a planned restart moves nothing. */
public record NodeLeaving(String nodeId) implements LinkMessage {
  public NodeLeaving {
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
