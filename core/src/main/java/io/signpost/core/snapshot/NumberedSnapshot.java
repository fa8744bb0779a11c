package io.signpost.core.snapshot;

import io.signpost.spi.RecordSnapshot;
import java.time.Instant;

/**
 * A snapshot the runtime can renumber: the runtime decides the serial only after comparing the
 * new records with the ones in service. Core-internal, not part of the plugin SPI.
 */
public interface NumberedSnapshot extends RecordSnapshot {

  /** The same records under another serial and build time. */
  NumberedSnapshot withSerial(long serial, Instant builtAt);

  /**
   * Whether {@code other} holds the same records. May answer false for equal records held in
   * different forms (the serial then increases needlessly), never true for different ones.
   */
  boolean sameRecords(RecordSnapshot other);
}
