package io.signpost.core.naming;

import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import java.net.InetAddress;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads a snapshot as sets of text values, for compact assertions. */
final class Lookups {

  private Lookups() {}

  static Set<String> a(RecordSnapshot s, String name) {
    RecordSet set = s.lookup(name);
    return set == null ? Set.of() : text(set.a().stream().map(InetAddress::getHostAddress));
  }

  /** The AAAA values as addresses (their text form is not canonical in Java). */
  static Set<InetAddress> aaaa(RecordSnapshot s, String name) {
    RecordSet set = s.lookup(name);
    return set == null ? Set.of() : Set.copyOf(set.aaaa());
  }

  static Set<String> srv(RecordSnapshot s, String name) {
    RecordSet set = s.lookup(name);
    return set == null ? Set.of() : text(set.srv().stream().map(SrvTarget::toString));
  }

  /** Every name with at least one A record. */
  static Set<String> namesWithA(RecordSnapshot s) {
    return s.names().stream().filter(n -> !s.lookup(n).a().isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> namesWithAaaa(RecordSnapshot s) {
    return s.names().stream().filter(n -> !s.lookup(n).aaaa().isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> namesWithSrv(RecordSnapshot s) {
    return s.names().stream().filter(n -> !s.lookup(n).srv().isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> text(java.util.stream.Stream<String> values) {
    return values.collect(Collectors.toCollection(TreeSet::new));
  }
}
