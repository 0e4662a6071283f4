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
  /** Not one of NGlive's: the room records continuously, so it takes no capture (options.record.mode). */
  public static final int NOT_ON_DEMAND = 4092;
  /** Not one of NGlive's: an on-demand room has no media buffered yet (its source is not sending). */
  public static final int NOTHING_BUFFERED = 4093;
  /** Not one of NGlive's: a capture or recording id that is already taken. */
  public static final int ID_TAKEN = 4094;
  /** Not one of NGlive's: the recording is still being written, transcoded or uploaded. */
  public static final int BUSY = 4095;
  /** Not one of NGlive's: a start time older than the room's GOP ring holds. */
  public static final int START_TOO_OLD = 4221;
  /** This master does not lead (it follows another, or sees no majority of the masters): ask the leader. */
  public static final int NOT_LEADER = 5031;
  /** Not one of NGlive's: an on-demand room did not answer in time (its source may have stalled). */
  public static final int ROOM_SILENT = 5032;

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
