package recfleet.master.fleet;

/**
 * Where a room is placed now. {@code durable} turns true once the placement is in the master's
 * database; only then is it sent to the node, so a master crash never hands out an epoch it
 * forgets. {@code moving} means the node was asked to let go (a drain) and has not confirmed yet.
 */
public final class Placement {
  final String roomId;
  final String nodeId;
  final long epoch;
  final long assignedAtMs;
  boolean durable;
  boolean moving;

  Placement(String roomId, String nodeId, long epoch, long assignedAtMs) {
    this.roomId = roomId;
    this.nodeId = nodeId;
    this.epoch = epoch;
    this.assignedAtMs = assignedAtMs;
  }

  public String roomId() {
    return roomId;
  }

  public String nodeId() {
    return nodeId;
  }

  public long epoch() {
    return epoch;
  }

  public long assignedAtMs() {
    return assignedAtMs;
  }

  public boolean durable() {
    return durable;
  }

  public boolean moving() {
    return moving;
  }
}
