package io.signpost.http;

import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.SourceStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A feed the test controls: what the runtime's feed does, minus the sources behind it. */
final class TestFeed implements SnapshotFeed {
  private volatile RecordSnapshot current;
  private volatile List<SourceStatus> sources = List.of();
  private final List<Consumer<RecordSnapshot>> listeners = new CopyOnWriteArrayList<>();

  TestFeed() {}

  TestFeed(RecordSnapshot snapshot) {
    this.current = snapshot;
  }

  void publish(RecordSnapshot snapshot) {
    current = snapshot;
    listeners.forEach(l -> l.accept(snapshot));
  }

  void sources(List<SourceStatus> statuses) {
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
