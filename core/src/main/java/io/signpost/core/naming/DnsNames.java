package io.signpost.core.naming;

import java.util.Locale;

/** Checks on the textual form of absolute DNS names, so no name Signpost publishes is unencodable. */
final class DnsNames {

  /** The longest name in text form without its trailing dot (255 octets on the wire). */
  static final int MAX_NAME = 253;
  /** The longest label. */
  static final int MAX_LABEL = 63;

  private DnsNames() {}

  /**
   * Whether an absolute name (with trailing dot) is encodable: no empty label, every label at
   * most 63 octets, at most 253 octets in all.
   */
  static boolean encodable(String absoluteName) {
    if (!absoluteName.endsWith(".") || absoluteName.length() - 1 > MAX_NAME) {
      return false;
    }
    if (absoluteName.length() == 1) {
      return false; // the root: never a record name here
    }
    // Called for every name of every task: a scan, no split.
    int labelStart = 0;
    for (int i = 0; i < absoluteName.length(); i++) {
      if (absoluteName.charAt(i) == '.') {
        int label = i - labelStart;
        if (label == 0 || label > MAX_LABEL) {
          return false;
        }
        labelStart = i + 1;
      }
    }
    return true;
  }

  /**
   * Whether {@code text} is a legal dotted name once lower-cased: every dot-separated piece
   * non-empty, at most 63 octets, made of ASCII letters, digits, {@code -} and {@code _}. A single
   * trailing dot is allowed when {@code allowTrailingDot} is set.
   */
  static boolean legalDotted(String text, boolean allowTrailingDot) {
    int ascii = asciiLegalDotted(text, allowTrailingDot);
    return ascii >= 0 ? ascii == 1 : legalDottedLowerCased(text, allowTrailingDot);
  }

  /** {@link #legalDotted} the long way: lower-cases a copy, then checks each piece. */
  static boolean legalDottedLowerCased(String text, boolean allowTrailingDot) {
    String s = text.toLowerCase(Locale.ROOT);
    if (allowTrailingDot && s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty()) {
      return false;
    }
    for (String piece : s.split("\\.", -1)) {
      if (piece.isEmpty() || piece.length() > MAX_LABEL) {
        return false;
      }
      for (int i = 0; i < piece.length(); i++) {
        char c = piece.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * {@link #legalDotted} for an all-ASCII text without copying it: 1 legal, 0 not, -1 when the
   * text has other characters (lower-casing those may change its length or make them ASCII).
   */
  private static int asciiLegalDotted(String text, boolean allowTrailingDot) {
    int end = text.length();
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) >= 0x80) {
        return -1;
      }
    }
    if (allowTrailingDot && end > 0 && text.charAt(end - 1) == '.') {
      end--;
    }
    if (end == 0) {
      return 0;
    }
    int labelStart = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || text.charAt(i) == '.') {
        int length = i - labelStart;
        if (length == 0 || length > MAX_LABEL) {
          return 0;
        }
        labelStart = i + 1;
        continue;
      }
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return 0;
      }
    }
    return 1;
  }
}
