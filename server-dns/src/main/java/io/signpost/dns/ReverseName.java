package io.signpost.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A name under {@code in-addr.arpa.} or {@code ip6.arpa.} read as the address prefix it stands
 * for: {@code 2.0.0.10.in-addr.arpa.} is 10.0.0.2/32, {@code 0.10.in-addr.arpa.} is 10.0.0.0/16.
 * Only the canonical spelling counts (decimal octets without leading zeros, single lower-case
 * hex nibbles), as PTR names are written.
 *
 * @param prefix the address, zero past the prefix; an IPv6 prefix stays an {@link Inet6Address}
 *     even when it is IPv4-mapped
 * @param bits how many leading bits the name gives
 */
record ReverseName(InetAddress prefix, int bits) {

  private static final String V4 = ".in-addr.arpa.";
  private static final String V6 = ".ip6.arpa.";

  /** Whether the name gives a whole address, not just a prefix. */
  boolean whole() {
    return bits == prefix.getAddress().length * 8;
  }

  /** {@code name} (lower-case, absolute) as a prefix, or null when it is not one. */
  static ReverseName parse(String name) {
    if (name.equals(V4.substring(1))) {
      return of(new byte[4], 0);
    }
    if (name.equals(V6.substring(1))) {
      return of(new byte[16], 0);
    }
    if (name.endsWith(V4)) {
      String[] labels = name.substring(0, name.length() - V4.length()).split("\\.", -1);
      if (labels.length > 4) {
        return null;
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < labels.length; i++) {
        int octet = octet(labels[labels.length - 1 - i]);
        if (octet < 0) {
          return null;
        }
        bytes[i] = (byte) octet;
      }
      return of(bytes, labels.length * 8);
    }
    if (name.endsWith(V6)) {
      String[] labels = name.substring(0, name.length() - V6.length()).split("\\.", -1);
      if (labels.length > 32) {
        return null;
      }
      byte[] bytes = new byte[16];
      for (int i = 0; i < labels.length; i++) {
        String label = labels[labels.length - 1 - i];
        int nibble = label.length() == 1 ? "0123456789abcdef".indexOf(label.charAt(0)) : -1;
        if (nibble < 0) {
          return null;
        }
        bytes[i / 2] |= (byte) (i % 2 == 0 ? nibble << 4 : nibble);
      }
      return of(bytes, labels.length * 4);
    }
    return null;
  }

  /** A decimal octet without leading zeros, or -1. */
  private static int octet(String label) {
    if (label.isEmpty() || label.length() > 3 || (label.length() > 1 && label.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static ReverseName of(byte[] bytes, int bits) {
    try {
      InetAddress prefix = bytes.length == 16
          ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
      return new ReverseName(prefix, bits);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }
}
