package recfleet.common;

/**
 * Every event-bus address recfleet uses, in one place. The prefix says how a message travels:
 * {@code work} is a node-local send (a nudge; the job row is the truth), {@code evt} is a
 * publish of something that happened, {@code cmd} is a request that expects a reply.
 */
public final class Addresses {
  private Addresses() {}

  /** Nudges a stage to look for ready jobs of its kind. */
  public static String work(String stage) {
    return "recfleet.work." + stage.toLowerCase(java.util.Locale.ROOT);
  }

  /** Every event the node emits, as a {@link recfleet.common.event.RecfleetEvent}; published. */
  public static final String EVT_ALL = "recfleet.evt.all";
  /** The same events encoded once as JSON text for WebSocket subscribers; published, node-local. */
  public static final String EVT_JSON = "recfleet.evt.json";

  /** A supervised unit reports that it failed (body: its name and the reason). */
  public static final String DOCTOR_FAILED = "recfleet.doctor.failed";
  /** A recording task ended on its own (a finite source reached its end). */
  public static final String DOCTOR_FINISHED = "recfleet.doctor.finished";
  /** Start or stop the recording task of a room; request/reply. */
  public static final String DOCTOR_TASK_START = "recfleet.cmd.doctor.task.start";
  public static final String DOCTOR_TASK_STOP = "recfleet.cmd.doctor.task.stop";
  /** What the doctor supervises and how each unit is doing; request/reply. */
  public static final String DOCTOR_STATUS = "recfleet.cmd.doctor.status";


  /** Cluster mode, node to master: every {@link recfleet.common.link.LinkMessage} a node sends; send. */
  public static final String MASTER_LINK = "recfleet.master.link";
  /** The master's events and every node's, as JSON text, for the master's WebSocket subscribers; publish, local. */
  public static final String MASTER_EVT_JSON = "recfleet.master.evt.json";

  /** Cluster mode, master to one node: its {@link recfleet.common.link.RoomSync} and refusals; send. */
  public static String nodeLink(String nodeId) {
    return "recfleet.cmd.node." + nodeId + ".link";
  }
}
