package recfleet.node.store;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The node's database and every store over it, made once at boot and shared by the stages, the
 * API and the link. Closing it stores the webhook ids still queued, then closes the database.
 */
public record NodeStores(NodeDatabase db, RoomStore rooms, RecordingStore recordings, JobStore jobs,
                         WebhookEvents webhookEvents, CaptureStore captures) implements AutoCloseable {

  /** Opens (and migrates) the database in {@code dataDir}. Blocking. */
  public static NodeStores open(Path dataDir, Clock clock) {
    NodeDatabase db = NodeDatabase.open(dataDir);
    return new NodeStores(db, new RoomStore(db, clock), new RecordingStore(db, clock), new JobStore(db, clock),
        new WebhookEvents(db, clock), new CaptureStore(db, clock));
  }

  /** Blocking: the webhook writer ends first, since it writes to the database. */
  @Override
  public void close() {
    webhookEvents.close();
    db.close();
  }
}
