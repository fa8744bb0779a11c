package io.signpost.dns;

import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.SourceStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link SnapshotFeed} the test publishes to by hand. */
final class TestFeed implements SnapshotFeed {
  private volatile RecordSnapshot current;
  private final List<Consumer<RecordSnapshot>> listeners = new CopyOnWriteArrayList<>();

  void publish(RecordSnapshot snapshot) {
    current = snapshot;
    listeners.forEach(l -> l.accept(snapshot));
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
    return List.of();
  }
}
