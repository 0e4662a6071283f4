package recfleet.node.upload;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import recfleet.node.store.Recording;

/**
 * The node's storage targets by name, and the one a recording is in: the storage its room (or path
 * rule) named when it was opened, else the node's default. A recording naming a storage the node no
 * longer has configured is a {@link FinalStorageException} that says so.
 */
public final class Storages {
  /** A target and what belongs with it: where covers go, its limits. */
  public record Slot(StorageTarget target, StorageOptions.Place place) {}

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final StorageOptions options;
  private final String defaultName;

  public Storages(StorageOptions options) {
    this.options = options;
    this.defaultName = options.defaultName();
    // the default first: it is the one the upload stage's health check asks
    add(options.defaultPlace());
    options.places().values().stream().filter(p -> !p.name().equals(defaultName)).forEach(this::add);
  }

  private void add(StorageOptions.Place p) {
    StorageTarget target = p.webdav() != null ? new WebDavStorage(p.webdav()) : new LocalStorage(p.folder());
    slots.put(p.name(), new Slot(target, p));
  }

  public StorageTarget primary() {
    return slots.get(defaultName).target();
  }

  public String defaultName() {
    return defaultName;
  }

  /** The name of the storage a recording is (or will be) in. */
  public String nameOf(Recording r) {
    return r.storage() == null ? defaultName : r.storage();
  }

  /** The storage a recording is (or will be) in. */
  public Slot slotOf(Recording r) throws FinalStorageException {
    Slot slot = slots.get(nameOf(r));
    if (slot == null) {
      throw new FinalStorageException("recording " + r.recordingId() + ": " + options.notConfigured(r.storage(), "its storage"));
    }
    return slot;
  }

  public StorageTarget of(Recording r) throws FinalStorageException {
    return slotOf(r).target();
  }

  /** The same without throwing: empty when the recording's storage is not configured. */
  public Optional<StorageTarget> find(Recording r) {
    return Optional.ofNullable(slots.get(nameOf(r))).map(Slot::target);
  }

  public Collection<Slot> all() {
    return slots.values();
  }
}
