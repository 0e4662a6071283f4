package recfleet.node.store;

import static recfleet.node.store.schema.Tables.WEBHOOK_EVENT;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook event ids already taken in, so that a sender's retry changes nothing. Senders call in
 * bursts, so ids are stored by one writer thread that commits whatever has queued up in one
 * transaction (group commit): every caller still gets its answer only after its id is durable.
 */
public final class WebhookEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);
  private static final int MAX_BATCH = 512;

  private record Pending(String eventId, String sender, CompletableFuture<Boolean> firstSeen) {}

  private final DSLContext dsl;
  private final Clock clock;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  /** Put last on the queue by {@link #close}: the writer ends once everything before it is stored. */
  private static final Pending END = new Pending(null, null, null);
  private final Thread writer;

  public WebhookEvents(NodeDatabase db, Clock clock) {
    this.dsl = db.dsl();
    this.clock = clock;
    writer = new Thread(this::writeLoop, "webhook-commit");
    writer.setDaemon(true);
    writer.start();
  }

  /** Stores what is queued, then ends the writer; before the database closes. Blocking, at most 5 s. */
  @Override
  public void close() {
    queue.add(END);
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True the first time an id is seen; false for every retry of it. Blocks until it is stored. */
  public boolean firstSeen(String eventId, String sender) {
    var pending = new Pending(eventId, sender, new CompletableFuture<>());
    queue.add(pending);
    try {
      return pending.firstSeen().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing a webhook event id", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot store a webhook event id: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        boolean ending = batch.remove(END);
        if (batch.isEmpty() && ending) return;
        List<Boolean> results = dsl.transactionResult(cfg -> {
          List<Boolean> out = new ArrayList<>(batch.size());
          OffsetDateTime now = OffsetDateTime.now(clock);
          for (Pending p : batch) out.add(firstSeen(cfg.dsl(), p.eventId(), p.sender(), now));
          return out;
        });
        for (int i = 0; i < batch.size(); i++) batch.get(i).firstSeen().complete(results.get(i));
        if (ending) return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("storing {} webhook event id(s) failed", batch.size(), e);
        batch.forEach(p -> p.firstSeen().completeExceptionally(e));
      }
      batch.clear();
    }
  }

  static boolean firstSeen(DSLContext tx, String eventId, String sender, OffsetDateTime now) {
    try {
      return tx.insertInto(WEBHOOK_EVENT)
          .set(WEBHOOK_EVENT.EVENT_ID, eventId)
          .set(WEBHOOK_EVENT.SENDER, sender)
          .set(WEBHOOK_EVENT.RECEIVED_AT, now)
          .onDuplicateKeyIgnore()
          .execute() == 1;
    } catch (IntegrityConstraintViolationException raced) {
      // the same id arrived twice at the same moment; the other call took it in
      return false;
    }
  }
}
