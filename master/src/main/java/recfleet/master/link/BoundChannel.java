package recfleet.master.link;

/** The part every channel shares: which node it speaks for, set by that node's hello. */
abstract class BoundChannel implements NodeChannel {
  private volatile String nodeId;

  @Override
  public final void bind(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public final String nodeId() {
    return nodeId;
  }
}
