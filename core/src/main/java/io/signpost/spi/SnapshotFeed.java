package io.signpost.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * The records to serve, as a sequence of immutable snapshots. Frontends inject it. Reading the
 * current snapshot is one volatile read: queries never wait for a refresh.
 */
public interface SnapshotFeed {

  /**
   * The snapshot to answer from, or {@code null} before the first one is built (a DNS frontend
   * then answers SERVFAIL for names in the domain, never a false NXDOMAIN).
   */
  RecordSnapshot current();

  /**
   * Calls {@code listener} with every new snapshot, on the runtime's publishing thread, right
   * after it becomes current (and at once with the current one, if there is one). Listeners
   * must be quick; do slow work elsewhere.
   */
  void subscribe(Consumer<RecordSnapshot> listener);

  /** The state of every configured source, in configuration order. */
  List<SourceStatus> sources();
}
