package io.signpost.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Writes addresses as Mesos-DNS (Go's {@code net.IP.String}) does: IPv6 in the RFC 5952
 * compressed form ({@code 2001:db8::1}), where Java's {@link InetAddress#getHostAddress()} gives
 * {@code 2001:db8:0:0:0:0:0:1}.
 */
final class IpText {
  private IpText() {}

  static String of(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    // The longest run of two or more zero groups (the first one on a tie) becomes "::".
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /**
   * Rewrites an IPv6 literal into the compressed form; anything else is returned unchanged.
   * Parsing a literal that contains a colon never queries a resolver.
   */
  static String normalise(String literal) {
    if (literal.indexOf(':') < 0) {
      return literal;
    }
    try {
      return of(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return literal;
    }
  }
}
