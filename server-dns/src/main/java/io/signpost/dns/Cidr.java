package io.signpost.dns;

import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Address;

/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}, for client ACLs. */
record Cidr(byte[] network, int prefix) {

  /**
   * Parses {@code ip/prefix} or a bare IP (a single host).
   *
   * @param key the config key, for the error message
   */
  static Cidr parse(String key, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(key + ": empty address range");
    }
    String t = text.trim();
    int slash = t.indexOf('/');
    String ip = slash < 0 ? t : t.substring(0, slash);
    byte[] bytes = Address.toByteArray(ip, Address.IPv4);
    if (bytes == null) {
      bytes = Address.toByteArray(ip, Address.IPv6);
    }
    if (bytes == null) {
      throw new IllegalArgumentException(key + ": '" + text + "' is not an IP address or CIDR");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(
            key + ": '" + text + "' has a prefix length outside 0.." + max);
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** Parses every entry of a validated list. */
  static List<Cidr> parseAll(String key, List<String> texts) {
    return texts.stream().map(t -> parse(key, t)).toList();
  }

  /** Whether {@code address} lies in the range (IPv4-mapped IPv6 addresses count as IPv4). */
  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  /** Whether any of {@code ranges} contains {@code address}. */
  static boolean anyContains(List<Cidr> ranges, InetAddress address) {
    for (Cidr c : ranges) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
