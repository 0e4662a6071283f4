package recfleet.node.pipeline;

import java.util.function.Consumer;
import org.jooq.DSLContext;
import recfleet.node.store.Stage;

/** What a stage made of one job. */
public sealed interface Outcome {
  /**
   * The work is done. {@code write} runs in the transaction that marks the job done and stores the
   * next stage's ({@link Stage#next()}); {@code afterCommit} (events, deleting a source) runs once
   * that transaction is durable. A handler says what it did, never where the job goes next.
   */
  record Done(Consumer<DSLContext> write, Runnable afterCommit) implements Outcome {}

  /** A passing problem (storage down, file busy): try again after a backoff. */
  record Retry(String reason) implements Outcome {}

  /** Not ready yet (a sender's file still settles): look again after {@code delay}; no attempt is spent. */
  record Later(String reason, java.time.Duration delay) implements Outcome {}

  /** Retrying cannot help (no video, 401/403/507, disk full): report and stop. */
  record GiveUp(String reason) implements Outcome {}

  static Outcome done(Consumer<DSLContext> write, Runnable afterCommit) {
    return new Done(write, afterCommit);
  }

  static Outcome retry(String reason) {
    return new Retry(reason);
  }

  static Outcome later(String reason, java.time.Duration delay) {
    return new Later(reason, delay);
  }

  static Outcome giveUp(String reason) {
    return new GiveUp(reason);
  }
}
