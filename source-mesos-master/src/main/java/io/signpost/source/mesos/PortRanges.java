package io.signpost.source.mesos;

import java.util.ArrayList;
import java.util.List;

/** Parses a Mesos {@code ports} resource string such as {@code [31000-31002, 31005-31005]}. */
final class PortRanges {

  /** Ports beyond this many in one task are ignored: a guard against {@code [0-65535]} typos. */
  static final int MAX_PORTS = 65536;

  private PortRanges() {}

  /**
   * Expands every range into its ports, in order. Pieces that are not {@code lo-hi} or a single
   * port are skipped and reported to {@code warnings}. A single port {@code [31000]} is accepted
   * (Mesos-DNS crashes on it).
   */
  static List<Integer> parse(String text, String taskId, Warnings.Batch warnings) {
    if (text == null) {
      return List.of();
    }
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
