package recfleet.common.link;

/** The master will not talk to this node (a wrong token, an unknown node); the reason says why. */
public record LinkRefused(String reason) implements LinkMessage {
  /** The master does not know this link yet (it restarted, or the hello was lost): say hello again. */
  public static final String HELLO_FIRST = "hello first";

  public boolean helloFirst() {
    return HELLO_FIRST.equals(reason);
  }
}
