package io.signpost.spi.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A Mesos framework (scheduler), e.g. Marathon registered as {@code customers-marathon}.
 *
 * @param id the framework ID, or an empty string when the source does not know it
 * @param name the raw framework name; tasks refer to their framework by this name
 * @param hostname the hostname the framework registered with (may be empty)
 * @param addresses the framework's addresses: the PID's host when it has a PID (resolved if it
 *     is a hostname), else its {@code hostname} resolved; empty when none could be found, and
 *     then the framework gets no records of its own
 * @param port the port of the framework's PID, or 0 when it has no PID (then no SRV record)
 */
public record Framework(
    String id, String name, String hostname, List<InetAddress> addresses, int port) {

  /**
   * Copies {@code addresses}; a null {@code id} or {@code hostname} becomes empty.
   *
   * @throws NullPointerException when {@code name} or {@code addresses} is null
   * @throws IllegalArgumentException when {@code port} is not in 0..65535
   */
  public Framework {
    id = Objects.requireNonNullElse(id, "");
    Objects.requireNonNull(name, "name");
    hostname = Objects.requireNonNullElse(hostname, "");
    addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("framework " + name + ": port out of range: " + port);
    }
  }
}
