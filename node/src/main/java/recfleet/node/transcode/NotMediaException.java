package recfleet.node.transcode;

import java.io.IOException;

/** The input cannot be used at all (not media, or no video): retrying will not change that. */
public final class NotMediaException extends IOException {
  public NotMediaException(String message) {
    super(message);
  }
}
