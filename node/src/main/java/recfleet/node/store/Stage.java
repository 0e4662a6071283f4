package recfleet.node.store;

/** The pipeline stages that hand work to each other through job rows, in order. */
public enum Stage {
  TRANSCODE, UPLOAD, NOTIFY
}
