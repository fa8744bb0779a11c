package io.signpost.spi;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable set of DNS records built from every source's last good report: what the
 * frontends serve. Names are absolute, lower-case and end with a dot ({@code
 * api-docker-mt42-1.customers-marathon.mesos.}).
 */
public interface RecordSnapshot {

  /**
   * The SOA serial of this snapshot. It increases with every snapshot whose records differ from
   * the previous one's.
   */
  long serial();

  /** When this snapshot was built. */
  Instant builtAt();

  /**
   * The records of one name.
   *
   * @param name absolute, lower-case, with trailing dot
   * @return the records, or {@code null} when the name has none (it may still be an empty
   *     non-terminal, see {@link #isEmptyNonTerminal(String)})
   */
  RecordSet lookup(String name);

  /**
   * Whether {@code name} has no records but names below it do (e.g. {@code slave.mesos.} when
   * only {@code x.marathon.slave.mesos.} exists). Such a name exists: queries for it get NODATA,
   * not NXDOMAIN.
   */
  boolean isEmptyNonTerminal(String name);

  /** Every name with records, in no particular order. */
  Set<String> names();

  /**
   * Every name with its records, in no particular order: what zone transfers, reverse indexes and
   * listings walk. Cheaper than {@link #names()} followed by a {@link #lookup} per name on
   * snapshots that render names on demand.
   */
  default void forEach(BiConsumer<String, RecordSet> action) {
    for (String name : names()) {
      RecordSet set = lookup(name);
      if (set != null) {
        action.accept(name, set);
      }
    }
  }

  /**
   * The snapshot's addresses for reverse (PTR) lookups. The runtime's snapshots index them on the
   * first call and keep the index (without naming every task of a big cluster); this default
   * walks every name on each lookup, which suits only small snapshots.
   */
  default AddressLookup addresses() {
    RecordSnapshot snapshot = this;
    return new AddressLookup() {
      @Override
      public Set<String> names(InetAddress address) {
        Set<String> names = new HashSet<>();
        snapshot.forEach((name, set) -> {
          if (set.a().contains(address) || set.aaaa().contains(address)) {
            names.add(name);
          }
        });
        return names;
      }

      @Override
      public boolean anyUnder(InetAddress prefix, int bits) {
        boolean[] found = new boolean[1];
        snapshot.forEach((name, set) -> {
          for (InetAddress a : prefix instanceof Inet4Address ? set.a() : set.aaaa()) {
            found[0] |= AddressLookup.under(a, prefix, bits);
          }
        });
        return found[0];
      }
    };
  }

  /** The number of records (values) in the snapshot. */
  int recordCount();

  /**
   * The tasks and the records each added, per framework, in the shape of Mesos-DNS's {@code
   * /v1/enumerate}: each task lists only the records no earlier task had added.
   */
  List<EnumeratedFramework> enumeration();

  /**
   * The {@link #enumeration()}, a framework name then its tasks, one task at a time, in the same
   * order and with the same records. The runtime's snapshots of big clusters render each task
   * as it is passed on; this default walks the list.
   */
  default void enumerate(EnumerationVisitor visitor) {
    for (EnumeratedFramework framework : enumeration()) {
      visitor.framework(framework.name());
      framework.tasks().forEach(visitor::task);
    }
  }
}
