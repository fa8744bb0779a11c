package io.signpost.spi;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;

/**
 * The records of one name in a {@link RecordSnapshot}. Lists hold distinct values in
 * generation order; frontends shuffle them per answer.
 *
 * @param a the IPv4 addresses
 * @param aaaa the IPv6 addresses
 * @param srv the SRV targets
 */
public record RecordSet(List<Inet4Address> a, List<Inet6Address> aaaa, List<SrvTarget> srv) {
  /**
   * Copies the lists.
   *
   * @throws NullPointerException when a list is null
   */
  public RecordSet {
    a = List.copyOf(Objects.requireNonNull(a, "a"));
    aaaa = List.copyOf(Objects.requireNonNull(aaaa, "aaaa"));
    srv = List.copyOf(Objects.requireNonNull(srv, "srv"));
  }

  /** Whether the name has no record at all. */
  public boolean isEmpty() {
    return a.isEmpty() && aaaa.isEmpty() && srv.isEmpty();
  }
}
