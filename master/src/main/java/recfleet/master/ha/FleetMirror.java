package recfleet.master.ha;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.json.Jsons;
import recfleet.master.fleet.WantedRoom;
import recfleet.master.store.FleetSnapshot;
import recfleet.master.store.MasterStore;

/**
 * A follower's copy of the shared fleet state in its own database, written through as the leader
 * changes the maps, so that a restart of every master at once still finds the fleet. One thread
 * writes, in the order the changes came. The leader writes its own database itself.
 */
public final class FleetMirror implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetMirror.class);
  private final MasterStore store;
  private final BooleanSupplier following;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fleet-mirror");
    t.setDaemon(true);
    return t;
  });

  FleetMirror(FleetState state, MasterStore store, BooleanSupplier following) {
    this.store = store;
    this.following = following;
    listen(state.rooms(), json -> rows(List.of(Jsons.readWire(json, WantedRoom.class)), List.of(),
        List.of(), List.of(), List.of(), 0), id -> rows(List.of(), List.of(id), List.of(), List.of(), List.of(), 0));
    listen(state.placements(), json -> rows(List.of(), List.of(),
            List.of(Jsons.readWire(json, FleetSnapshot.PlacementRow.class)), List.of(), List.of(), 0),
        id -> rows(List.of(), List.of(), List.of(), List.of(id), List.of(), 0));
    listen(state.nodes(), json -> rows(List.of(), List.of(), List.of(), List.of(),
        List.of(Jsons.readWire(json, FleetSnapshot.NodeRow.class)), 0), id -> null);
    state.meta().addEntryListener(new EpochListener(), true);
  }

  private void listen(IMap<String, String> map, Function<String, FleetSnapshot> saved,
                      Function<String, FleetSnapshot> removed) {
    map.addEntryListener(new Listener(saved, removed), true);
  }

  private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
      EntryRemovedListener<String, String> {
    private final Function<String, FleetSnapshot> saved;
    private final Function<String, FleetSnapshot> removed;

    Listener(Function<String, FleetSnapshot> saved, Function<String, FleetSnapshot> removed) {
      this.saved = saved;
      this.removed = removed;
    }

    @Override
    public void entryAdded(EntryEvent<String, String> e) {
      write(saved.apply(e.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> e) {
      write(saved.apply(e.getValue()));
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> e) {
      write(removed.apply(e.getKey()));
    }
  }

  private final class EpochListener implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
    @Override
    public void entryAdded(EntryEvent<String, Long> e) {
      write(rows(List.of(), List.of(), List.of(), List.of(), List.of(), e.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, Long> e) {
      write(rows(List.of(), List.of(), List.of(), List.of(), List.of(), e.getValue()));
    }
  }

  private static FleetSnapshot rows(List<WantedRoom> rooms, List<String> roomsGone, List<FleetSnapshot.PlacementRow> placed,
                                    List<String> placementsGone, List<FleetSnapshot.NodeRow> nodes, long epoch) {
    return new FleetSnapshot(rooms, roomsGone, placed, placementsGone, nodes, epoch, List.of());
  }

  private void write(FleetSnapshot change) {
    if (change == null || !following.getAsBoolean()) return;
    writer.execute(() -> {
      try {
        store.save(change);
      } catch (RuntimeException e) {
        log.warn("could not copy a fleet change into this master's database: {}", e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    writer.shutdown();
  }
}
