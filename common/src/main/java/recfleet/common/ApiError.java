package recfleet.common;

/**
 * A refused API call, with its error code and the HTTP status that goes with it; node and master
 * answer alike (through {@code Replies}). The 403x/4042 codes are NGlive's, kept for its clients.
 */
public final class ApiError extends RuntimeException {
  public static final int BAD_ROOM = 4031;
  public static final int ADDED_TWICE = 4032;
  public static final int BLACKLISTED = 4033;
  /** NGlive's "no such room"; also no such recording, cover or stored file. */
  public static final int NO_SUCH_ROOM = 4042;
  /** Not one of NGlive's: the master knows no such node. */
  public static final int NO_SUCH_NODE = 4043;
  /** Not one of NGlive's: the room belongs to the master; remove it there. */
  public static final int HELD_FROM_MASTER = 4091;
  /** Not one of NGlive's: the room's options (its transcode overrides) are not usable. */
  public static final int BAD_OPTIONS = 4000;
  /** This master does not lead (it follows another, or sees no majority of the masters): ask the leader. */
  public static final int NOT_LEADER = 5031;

  private final int code;
  private final int httpStatus;

  public ApiError(int code, int httpStatus, String message) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
