package recfleet.node.webhook;

/** A refused webhook call: the HTTP status, a code, and a message naming what was wrong. */
public final class WebhookError extends RuntimeException {
  private final int status;
  private final int code;

  public WebhookError(int status, int code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static WebhookError badField(String field, String why) {
    return new WebhookError(400, 4000, "field '" + field + "' " + why);
  }

  public int status() {
    return status;
  }

  public int code() {
    return code;
  }
}
