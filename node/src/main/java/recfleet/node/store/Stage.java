package recfleet.node.store;

import recfleet.common.Addresses;

/**
 * The pipeline, in order, in one place: a closed recording (made here, or taken in from a webhook)
 * is transcoded, then uploaded, then announced. Each stage's job, once done, becomes a job of
 * {@link #next()}; nothing else names a successor.
 *
 * <pre>
 *   record / webhook ──► TRANSCODE ──► UPLOAD ──► NOTIFY
 * </pre>
 */
public enum Stage {
  TRANSCODE, UPLOAD, NOTIFY;

  /** Where a closed recording enters the pipeline. */
  public static final Stage FIRST = TRANSCODE;

  /** The stage after this one, or null after the last. */
  public Stage next() {
    int n = ordinal() + 1;
    return n < values().length ? values()[n] : null;
  }

  /** The bus address that nudges this stage's pump: a hint that a job is waiting (the row is the truth). */
  public String address() {
    return Addresses.work(name());
  }
}
