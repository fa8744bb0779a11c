package io.signpost.core.snapshot;

import io.signpost.spi.RecordSnapshot;
import java.time.Instant;

/** Comparisons between snapshots, for serial numbering. */
public final class Snapshots {
  private Snapshots() {}

  /** Whether two snapshots hold exactly the same records. */
  public static boolean sameRecords(RecordSnapshot a, RecordSnapshot b) {
    return a instanceof NumberedSnapshot n && n.sameRecords(b);
  }

  /** The same records as {@code snapshot} (a {@link NumberedSnapshot}) under a new serial. */
  public static RecordSnapshot withSerial(RecordSnapshot snapshot, long serial, Instant builtAt) {
    return ((NumberedSnapshot) snapshot).withSerial(serial, builtAt);
  }
}
