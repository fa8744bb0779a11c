package io.signpost.source.mesos;

import java.util.ArrayList;
import java.util.List;

/** Parses a Mesos {@code ports} resource string such as {@code [31000-31002, 31005-31005]}. */
final class PortRanges {

  /** Ports beyond this many in one task are ignored: a guard against {@code [0-65535]} typos. */
  static final int MAX_PORTS = 65536;

  private PortRanges() {}

  /**
   * Expands every range into its ports, in order, as an unmodifiable list whose port numbers are
   * the instances in {@code shared} (indexed by port; filled in as ports are first seen), so the
   * tasks of a big cluster share them. Pieces that are not {@code lo-hi} or a single port are
   * skipped and reported to {@code warnings}. A single port {@code [31000]} is accepted
   * (Mesos-DNS crashes on it).
   */
  static List<Integer> parse(String text, String taskId, Warnings.Batch warnings,
      Integer[] shared) {
    if (text == null) {
      return List.of();
    }
    int[] plain = plainRanges(text);
    Integer[] result;
    if (plain != null) {
      long count = 0;
      for (int i = 0; i < plain.length; i += 2) {
        count += plain[i + 1] - plain[i] + 1;
      }
      result = new Integer[(int) Math.min(count, MAX_PORTS)];
      int n = 0;
      for (int i = 0; i < plain.length && n < result.length; i += 2) {
        for (int port = plain[i]; port <= plain[i + 1] && n < result.length; port++) {
          result[n++] = shared(shared, port);
        }
      }
    } else {
      List<Integer> ports = parseSlowly(text, taskId, warnings);
      result = new Integer[ports.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = shared(shared, ports.get(i));
      }
    }
    return List.of(result);
  }

  private static Integer shared(Integer[] shared, int port) {
    Integer known = shared[port];
    return known != null ? known : (shared[port] = port);
  }

  /**
   * The ranges of the common form {@code [lo-hi, port, ...]} (ASCII digits, ", " or "," between
   * pieces, each range valid) as lo/hi pairs; null for anything else, which the general parser
   * then reads with its warnings.
   */
  private static int[] plainRanges(String text) {
    int end = text.length() - 1;
    if (end < 1 || text.charAt(0) != '[' || text.charAt(end) != ']') {
      return null;
    }
    int pieces = 1;
    for (int i = 1; i < end; i++) {
      if (text.charAt(i) == ',') {
        pieces++;
      }
    }
    int[] ranges = new int[pieces * 2];
    int n = 0;
    int i = 1;
    if (i == end) {
      return new int[0];
    }
    while (true) {
      int lo = 0;
      int start = i;
      for (char c; i < end && (c = text.charAt(i)) >= '0' && c <= '9' && i - start < 5; i++) {
        lo = lo * 10 + (c - '0');
      }
      if (i == start) {
        return null;
      }
      int hi = lo;
      if (i < end && text.charAt(i) == '-') {
        hi = 0;
        start = ++i;
        for (char c; i < end && (c = text.charAt(i)) >= '0' && c <= '9' && i - start < 5; i++) {
          hi = hi * 10 + (c - '0');
        }
        if (i == start) {
          return null;
        }
      }
      if (hi > 65535 || lo > hi) {
        return null;
      }
      ranges[n++] = lo;
      ranges[n++] = hi;
      if (i == end) {
        return ranges;
      }
      if (text.charAt(i) != ',') {
        return null;
      }
      i++;
      if (i < end && text.charAt(i) == ' ') {
        i++;
      }
    }
  }

  /** The general parser: any text, with a warning for each piece it skips. */
  static List<Integer> parseSlowly(String text, String taskId, Warnings.Batch warnings) {
    int open = text.indexOf('[');
    int close = open < 0 ? -1 : text.indexOf(']', open);
    if (open < 0 || close < 0) {
      if (!text.isBlank()) {
        warnings.add("task " + taskId + ": ignoring ports resource '" + text + "': no [ranges]");
      }
      return List.of();
    }
    String inner = text.substring(open + 1, close).trim();
    if (inner.isEmpty()) {
      return List.of();
    }
    List<Integer> ports = new ArrayList<>();
    for (String piece : inner.split(",")) {
      String p = piece.trim();
      int dash = p.indexOf('-');
      int lo;
      int hi;
      try {
        if (dash < 0) {
          lo = Integer.parseInt(p);
          hi = lo;
        } else {
          lo = Integer.parseInt(p.substring(0, dash).trim());
          hi = Integer.parseInt(p.substring(dash + 1).trim());
        }
      } catch (NumberFormatException e) {
        warnings.add("task " + taskId + ": ignoring port range '" + p + "' in '" + text + "'");
        continue;
      }
      if (lo < 0 || hi > 65535 || lo > hi) {
        warnings.add("task " + taskId + ": ignoring port range '" + p + "' in '" + text + "'");
        continue;
      }
      for (int port = lo; port <= hi && ports.size() < MAX_PORTS; port++) {
        ports.add(port);
      }
    }
    return ports;
  }
}
