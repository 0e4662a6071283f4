package recfleet.common.source;

/** A source the policy does not allow; the message names the rule. */
public final class SourceRefused extends RuntimeException {
  public SourceRefused(String message) {
    super(message, null, false, false);
  }
}
