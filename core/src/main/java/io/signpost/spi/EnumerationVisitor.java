package io.signpost.spi;

import io.signpost.spi.EnumeratedFramework.EnumeratedTask;

/**
 * Receives a snapshot's {@link RecordSnapshot#enumeration() enumeration} one task at a time
 * ({@link RecordSnapshot#enumerate}), so that the enumeration of a big cluster, millions of
 * records, never has to be in memory at once.
 */
public interface EnumerationVisitor {

  /** The tasks passed to {@link #task} until the next call belong to this raw framework name. */
  void framework(String name);

  /** A running task of the current framework, with the records it added first. */
  void task(EnumeratedTask task);
}
