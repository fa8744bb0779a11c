package io.signpost.source.mesos;

import java.util.Objects;

/**
 * A host (IP literal or hostname, IPv6 without brackets) and a port, as written in {@code
 * host:port} or {@code [v6]:port}.
 */
record HostPort(String host, int port) {

  HostPort {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code host:port}; IPv6 hosts go in brackets.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  static HostPort parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty address, expected host:port");
    }
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "'" + text + "' is not host:port (IPv6 must be written [addr]:port)");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("'" + text + "' has no port, expected host:port");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "'" + text + "' is ambiguous: write IPv6 addresses as [addr]:port");
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' has no host");
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has an invalid port '" + port + "'");
    }
    if (number < 0 || number > 65535) {
      throw new IllegalArgumentException("'" + text + "' has a port out of range");
    }
    return new HostPort(host, number);
  }

  /** The {@code host:port} form, with brackets around IPv6 literals. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
