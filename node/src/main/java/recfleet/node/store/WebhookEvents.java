package recfleet.node.store;

import static recfleet.node.store.schema.Tables.WEBHOOK_EVENT;

import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Webhook event ids already taken in, so that a sender's retry changes nothing. */
public final class WebhookEvents {
  private final DSLContext dsl;

  public WebhookEvents(NodeDatabase db) {
    this.dsl = db.dsl();
  }

  /** True the first time an id is seen; false for every retry of it. */
  public boolean firstSeen(String eventId, String sender) {
    return firstSeen(dsl, eventId, sender);
  }

  static boolean firstSeen(DSLContext tx, String eventId, String sender) {
    try {
      return tx.insertInto(WEBHOOK_EVENT)
          .set(WEBHOOK_EVENT.EVENT_ID, eventId)
          .set(WEBHOOK_EVENT.SENDER, sender)
          .set(WEBHOOK_EVENT.RECEIVED_AT, OffsetDateTime.now())
          .onDuplicateKeyIgnore()
          .execute() == 1;
    } catch (IntegrityConstraintViolationException raced) {
      // the same id arrived twice at the same moment; the other call took it in
      return false;
    }
  }
}
