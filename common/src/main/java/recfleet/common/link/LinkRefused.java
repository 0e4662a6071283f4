package recfleet.common.link;

/**
 * The master will not talk to this node (a wrong token, an unknown node); the reason says why. A
 * master that does not lead says so and names the leader's URL ({@code leader}, when it knows it),
 * so the node dials that one next.
 */
public record LinkRefused(String reason, String leader) implements LinkMessage {
  /** The master does not know this link yet (it restarted, or the hello was lost): say hello again. */
  public static final String HELLO_FIRST = "hello first";
  /** This master follows another (or sees no majority of the masters): link to the leader. */
  public static final String NOT_LEADER = "not the leader";

  public LinkRefused(String reason) {
    this(reason, null);
  }

  public boolean helloFirst() {
    return HELLO_FIRST.equals(reason);
  }

  public boolean notLeader() {
    return NOT_LEADER.equals(reason);
  }
}
