package io.signpost.spi;

import java.net.InetAddress;
import java.util.Set;

/**
 * The addresses of a {@link RecordSnapshot}'s A and AAAA records, looked up the other way round:
 * what reverse (PTR) queries need. Obtained from {@link RecordSnapshot#addresses()}; safe to use
 * from several threads.
 */
public interface AddressLookup {

  /**
   * The names with an A or AAAA record of {@code address}, in no particular order; empty when
   * there are none. Addresses compare as {@link InetAddress#equals} does: an IPv4-mapped IPv6
   * address is not its IPv4 address.
   */
  Set<String> names(InetAddress address);

  /**
   * Whether an A or AAAA record holds an address of {@code prefix}'s family whose first
   * {@code bits} bits are {@code prefix}'s: then names exist below the prefix's reverse name
   * ({@code 0.10.in-addr.arpa.} for 10.0.0.0/16).
   *
   * @param bits 0 to 32 for an IPv4 prefix, 0 to 128 for an IPv6 one
   */
  boolean anyUnder(InetAddress prefix, int bits);

  /** Whether {@code address} has {@code prefix}'s family and first {@code bits} bits. */
  static boolean under(InetAddress address, InetAddress prefix, int bits) {
    byte[] a = address.getAddress();
    byte[] p = prefix.getAddress();
    if (a.length != p.length || bits < 0 || bits > p.length * 8) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((a[i / 8] & mask) != (p[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
