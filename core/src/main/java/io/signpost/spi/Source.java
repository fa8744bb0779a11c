package io.signpost.spi;

/**
 * A record source: something that watches the cluster and reports it as a {@link
 * io.signpost.spi.model.SourceReport}. Implement one of the two kinds:
 *
 * <ul>
 *   <li>{@link PolledSource}: the runtime asks for a full report at a fixed interval;
 *   <li>{@link PushSource}: the source runs on its own and pushes a full report whenever the
 *       cluster changes.
 * </ul>
 *
 * <p>The runtime keeps the last good report of every source: a failing source never empties
 * the answers. {@link #close()} is called once at shutdown, or when a configuration reload
 * replaces this instance with a new one built from the changed section, and must release
 * threads and connections; it must not throw for an already-closed source.
 */
public interface Source extends AutoCloseable {

  /** Stops the source and releases its resources. The default does nothing. */
  @Override
  default void close() {}
}
