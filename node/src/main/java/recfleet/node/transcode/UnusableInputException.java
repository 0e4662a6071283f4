package recfleet.node.transcode;

import java.io.IOException;

/**
 * The input cannot be used as asked (not media, no video, audio MP4 cannot carry in COPY mode):
 * retrying will not change that, so the job ends with a TranscodeError that says why.
 */
public final class UnusableInputException extends IOException {
  public UnusableInputException(String message) {
    super(message);
  }
}
