package io.signpost.source.mesos;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IP literal parsing that never touches DNS. {@link InetAddress#getByName} would look up
 * anything that is not a literal, and accepts legacy IPv4 forms such as {@code 1.2.3}; task IPs
 * reported by Mesos must be real literals, as Go's {@code net.ParseIP} requires.
 */
final class IpLiterals {

  private IpLiterals() {}

  /** Returns the address, or {@code null} when {@code text} is not an IPv4 or IPv6 literal. */
  static InetAddress parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') >= 0) {
      return parseV6(text);
    }
    return parseV4(text);
  }

  private static InetAddress parseV4(String text) {
    long bits = v4Bits(text.toCharArray(), 0, text.length());
    return bits < 0 ? null : v4((int) bits);
  }

  /** The IPv4 address with these 32 bits. */
  static InetAddress v4(int bits) {
    byte[] bytes = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are an IPv4 address", e);
    }
  }

  /**
   * The 32 bits of the dotted-quad literal {@code chars[offset, offset + length)}, or -1 when it
   * is none.
   */
  static long v4Bits(char[] chars, int offset, int length) {
    long bits = 0;
    int parts = 0;
    int value = 0;
    int digits = 0;
    for (int i = offset; i <= offset + length; i++) {
      char c = i < offset + length ? chars[i] : '.';
      if (c == '.') {
        if (digits == 0 || parts == 4) {
          return -1;
        }
        bits = bits << 8 | value;
        parts++;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        // No leading zeros (ambiguous octal in some parsers), at most 255.
        if (digits > 0 && value == 0) {
          return -1;
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    return parts == 4 ? bits : -1;
  }

  private static InetAddress parseV6(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
      if (!ok) {
        // Rejects zone IDs ("%eth0") and brackets: neither is an address on its own.
        return null;
      }
    }
    try {
      // A string containing ':' is parsed as a literal by the JDK, never resolved.
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
