package recfleet.master.link;

import java.util.function.Consumer;
import recfleet.common.link.LinkMessage;

/**
 * The embedded master's link to the node it runs in: messages are handed over in the process,
 * so there is nothing to authenticate and nothing to close.
 */
public final class LocalChannel extends BoundChannel {
  private final Consumer<LinkMessage> toNode;

  public LocalChannel(Consumer<LinkMessage> toNode) {
    this.toNode = toNode;
  }

  @Override
  public String mode() {
    return "embedded";
  }

  @Override
  public void send(LinkMessage message) {
    toNode.accept(message);
  }

  @Override
  public void close(String reason) {
    // the node and its master live and stop together
  }
}
