package io.signpost.source.mesos;

import java.io.IOException;
import java.util.List;

/** Knows which masters exist and which one presumably leads. */
interface MasterDetector extends AutoCloseable {

  /**
   * The masters to ask, the presumed leader first. May wait for a detection to finish.
   *
   * @throws IOException when no master is known, saying why
   */
  List<HostPort> candidates() throws IOException;

  /**
   * Whether the first of the last {@link #candidates()} is known to lead (ZooKeeper said so);
   * otherwise the master that led at the last refresh is asked first.
   */
  default boolean knowsLeader() {
    return false;
  }

  /** Every known master in order, for the {@code masterN} records. */
  List<HostPort> members();

  @Override
  default void close() {}

  /** A fixed list from the configuration. */
  static MasterDetector fixed(List<HostPort> masters) {
    List<HostPort> copy = List.copyOf(masters);
    return new MasterDetector() {
      @Override
      public List<HostPort> candidates() {
        return copy;
      }

      @Override
      public List<HostPort> members() {
        return copy;
      }
    };
  }
}
