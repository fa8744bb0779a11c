package io.signpost.core.naming;

import java.util.StringJoiner;

/**
 * Mesos-DNS's label rules: turns an arbitrary string into one DNS host label (RFC 1123, or the
 * stricter RFC 952 when {@code enforceRFC952} is set), and a dotted string into a domain fragment.
 *
 * <p>One deliberate difference from Mesos-DNS: after a truncated label is refilled, trailing
 * dashes are trimmed again, so a label never ends with {@code -} and sanitising is idempotent.
 */
final class LabelSanitizer {

  /** The longest label under RFC 1123 (and DNS). */
  static final int RFC1123_MAX = 63;
  /** The longest label under RFC 952. */
  static final int RFC952_MAX = 24;

  private final boolean rfc952;

  LabelSanitizer(boolean rfc952) {
    this.rfc952 = rfc952;
  }

  /** The RFC 1123 rules, used whatever the setting for parts that are never RFC 952 labels. */
  static LabelSanitizer rfc1123() {
    return new LabelSanitizer(false);
  }

  /**
   * Sanitises {@code s} into one label: {@code [a-z0-9-]}, never starting or ending with a dash
   * (nor with a digit under RFC 952), at most 63 (RFC 952: 24) characters. The result may be
   * empty.
   */
  String label(String s) {
    return isLabelAlready(s) ? s : sanitise(s); // usually nothing to map, strip or cut
  }

  /** {@link #label} the long way, for any input. */
  String sanitise(String s) {
    String mapped = map(s);
    int start = 0;
    while (start < mapped.length() && isFrontStripped(mapped.charAt(start))) {
      start++;
    }
    String stripped = mapped.substring(start);
    int max = rfc952 ? RFC952_MAX : RFC1123_MAX;
    int n = Math.min(stripped.length(), max);
    String head = trimTrailingDashes(stripped.substring(0, n));
    if (head.length() == n) {
      return head;
    }
    // Dashes were trimmed from the cut: refill from what follows the cut, as Mesos-DNS does.
    String rest = stripped.substring(n);
    int restStart = 0;
    while (restStart < rest.length() && rest.charAt(restStart) == '-') {
      restStart++;
    }
    rest = rest.substring(restStart);
    if (rest.isEmpty()) {
      return head;
    }
    String refilled = head + rest.substring(0, Math.min(rest.length(), n - head.length()));
    // Signpost: trim again so the label never ends with '-' (Mesos-DNS leaves it).
    return trimTrailingDashes(refilled);
  }

  /**
   * Sanitises a dotted name (a framework name) piece by piece: dots survive, empty pieces are
   * dropped. The result may be empty.
   */
  String domainFragment(String s) {
    StringJoiner joined = new StringJoiner(".");
    for (String piece : s.split("\\.", -1)) {
      String label = label(piece);
      if (!label.isEmpty()) {
        joined.add(label);
      }
    }
    return joined.toString();
  }

  /** Whether {@link #label} would return {@code s} unchanged. */
  private boolean isLabelAlready(String s) {
    int n = s.length();
    if (n == 0 || n > (rfc952 ? RFC952_MAX : RFC1123_MAX) || isFrontStripped(s.charAt(0))
        || s.charAt(n - 1) == '-') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private boolean isFrontStripped(char c) {
    return c == '-' || (rfc952 && c >= '0' && c <= '9');
  }

  /** Keeps ASCII letters (lower-cased) and digits, turns {@code - . _} into dashes, drops the rest. */
  private static String map(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        out.append((char) (c + ('a' - 'A')));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else if (c == '-' || c == '.' || c == '_') {
        out.append('-');
      }
      // Anything else, including every non-ASCII code point (and surrogate), is deleted.
    }
    return out.toString();
  }

  private static String trimTrailingDashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(0, end);
  }
}
