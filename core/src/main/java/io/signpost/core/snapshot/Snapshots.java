package io.signpost.core.snapshot;

import io.signpost.spi.RecordSnapshot;
import java.time.Instant;

/** Comparisons between snapshots, for serial numbering. */
public final class Snapshots {
  private Snapshots() {}

  /** Whether two snapshots hold exactly the same records. */
  public static boolean sameRecords(RecordSnapshot a, RecordSnapshot b) {
    return ImmutableRecordSnapshot.sameRecords(a, b);
  }

  /** The same records as {@code snapshot} (built by {@link SnapshotBuilder}) under a new serial. */
  public static RecordSnapshot withSerial(RecordSnapshot snapshot, long serial, Instant builtAt) {
    return ((ImmutableRecordSnapshot) snapshot).withSerial(serial, builtAt);
  }
}
