package io.signpost.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The {@code servers.http} section of the configuration file.
 *
 * @param listener the address the HTTP API binds to, an IP literal (default {@code 0.0.0.0}, as
 *     Mesos-DNS's {@code HTTPListener})
 * @param port the TCP port (default 8123, as Mesos-DNS's {@code httpport}); 0 picks a free port
 * @param enumerationOn whether {@code /v1/enumerate} and {@code /v1/axfr} are served (default
 *     true, as Mesos-DNS's {@code EnumerationOn})
 */
public record HttpConfig(String listener, Integer port, Boolean enumerationOn) {

  static final String DEFAULT_LISTENER = "0.0.0.0";
  static final int DEFAULT_PORT = 8123;

  public HttpConfig {
    if (listener == null) {
      listener = DEFAULT_LISTENER;
    }
    if (port == null) {
      port = DEFAULT_PORT;
    }
    if (enumerationOn == null) {
      enumerationOn = Boolean.TRUE;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "servers.http.port: " + port + " is not a TCP port (0 to 65535)");
    }
    if (!isIpLiteral(listener)) {
      throw new IllegalArgumentException(
          "servers.http.listener: '" + listener + "' is not an IP address (e.g. 0.0.0.0 or ::)");
    }
  }

  /** The address to bind. Never resolves a name: the listener is an IP literal. */
  InetAddress listenerAddress() {
    try {
      return InetAddress.getByName(listener);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("checked in the constructor", e);
    }
  }

  // Only literals: a host name would make binding depend on the resolver at start-up.
  private static boolean isIpLiteral(String s) {
    if (s.isEmpty()) {
      return false;
    }
    if (s.indexOf(':') >= 0) {
      return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
          && parses(s);
    }
    // Checked by hand: getByName would treat "999.1.1.1" as a host name and look it up.
    if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    for (String octet : s.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean parses(String literal) {
    try {
      InetAddress.getByName(literal); // a literal: no lookup
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
