package io.signpost.spi.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A Mesos agent (slave).
 *
 * @param id the agent ID, e.g. {@code 20140803-125133-3041283216-5050-2410-S0}; tasks refer to
 *     their agent by it, and its last dash-separated piece appears in canonical task names
 * @param hostname the agent's hostname (informational; not used in names)
 * @param addresses the agent's IPs: its PID's host, resolved if it is a hostname
 * @param port the agent's PID port (5051 usually), or 0 when unknown
 */
public record Agent(String id, String hostname, List<InetAddress> addresses, int port) {

  /**
   * Copies {@code addresses}; a null {@code hostname} becomes empty.
   *
   * @throws NullPointerException when {@code id} or {@code addresses} is null
   * @throws IllegalArgumentException when {@code port} is not in 0..65535
   */
  public Agent {
    Objects.requireNonNull(id, "id");
    hostname = Objects.requireNonNullElse(hostname, "");
    addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("agent " + id + ": port out of range: " + port);
    }
  }
}
