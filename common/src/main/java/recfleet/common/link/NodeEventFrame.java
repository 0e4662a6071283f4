package recfleet.common.link;

import java.util.Objects;
import recfleet.common.event.RecfleetEvent;

/** One of the node's own events, passed up the link so the master's subscribers see it. */
public record NodeEventFrame(RecfleetEvent event) implements LinkMessage {
  public NodeEventFrame {
    Objects.requireNonNull(event, "event");
  }
}
