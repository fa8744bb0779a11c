package io.signpost.spi.model;

import java.util.List;
import java.util.Objects;

/**
 * A task's Mesos DiscoveryInfo. When present with a name, that name replaces the task name in
 * DNS names, and its ports produce SRV records that point at the task's own IPs.
 *
 * @param name the raw discovery name, or an empty string
 * @param ports the discovery ports (for IP-per-container tasks these are container ports)
 */
public record Discovery(String name, List<PortMapping> ports) {
  /**
   * Copies {@code ports}; a null {@code name} becomes empty.
   *
   * @throws NullPointerException when {@code ports} is null
   */
  public Discovery {
    name = Objects.requireNonNullElse(name, "");
    ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
  }

  // Written out for the same reason as Task's.

  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof Discovery d && name.equals(d.name) && ports.equals(d.ports);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + ports.hashCode();
  }
}
