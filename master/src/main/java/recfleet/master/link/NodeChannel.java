package recfleet.master.link;

import recfleet.common.link.LinkMessage;

/**
 * One live link to one node, whatever carries it. A channel is bound to a node id by that node's
 * hello; until then it speaks for nobody.
 */
public interface NodeChannel {
  /** cluster, forward or reverse. */
  String mode();

  void send(LinkMessage message);

  void close(String reason);

  void bind(String nodeId);

  /** The node this channel speaks for, or null before its hello. */
  String nodeId();

  /** True where no HTTP header carried the token (the clustered bus): the hello must carry it. */
  default boolean needsTokenInHello() {
    return false;
  }
}
