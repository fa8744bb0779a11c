package io.signpost.testing;

import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.SourceStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link SnapshotFeed} a frontend's test publishes to by hand: what the runtime's feed does,
 * minus the sources behind it.
 */
public final class ManualFeed implements SnapshotFeed {
  private volatile RecordSnapshot current;
  private volatile List<SourceStatus> sources = List.of();
  private final List<Consumer<RecordSnapshot>> listeners = new CopyOnWriteArrayList<>();

  /** A feed with no snapshot yet. */
  public ManualFeed() {}

  /** A feed serving {@code snapshot}. */
  public ManualFeed(RecordSnapshot snapshot) {
    this.current = snapshot;
  }

  /** Makes {@code snapshot} current and tells the subscribers. */
  public void publish(RecordSnapshot snapshot) {
    current = snapshot;
    listeners.forEach(l -> l.accept(snapshot));
  }

  /** Sets what {@link #sources()} answers. */
  public void sources(List<SourceStatus> statuses) {
    sources = List.copyOf(statuses);
  }

  @Override
  public RecordSnapshot current() {
    return current;
  }

  @Override
  public void subscribe(Consumer<RecordSnapshot> listener) {
    listeners.add(listener);
    if (current != null) {
      listener.accept(current);
    }
  }

  @Override
  public List<SourceStatus> sources() {
    return sources;
  }
}
