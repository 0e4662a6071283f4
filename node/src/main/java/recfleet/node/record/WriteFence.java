package recfleet.node.record;

/**
 * Whether a room's recorder may write media right now. A room the node added itself may always
 * write; a room held from the master may write only while the node's lease from the master runs,
 * so a node that was frozen or cut off never writes a room the master has moved elsewhere.
 * Checked once per packet: implementations read a volatile and the clock, nothing more.
 */
@FunctionalInterface
public interface WriteFence {
  WriteFence OPEN = () -> true;

  boolean mayWrite();
}
