package io.signpost.spi.model;

import java.util.Objects;

/**
 * A port a task listens on, as its DiscoveryInfo describes it.
 *
 * @param number the port number
 * @param protocol {@code tcp}, {@code udp}, or an empty string when unspecified (then SRV records
 *     are published for both protocols)
 * @param name the port's name (e.g. {@code http}), or an empty string
 */
public record PortMapping(int number, String protocol, String name) {
  /**
   * A null {@code protocol} or {@code name} becomes empty.
   *
   * @throws IllegalArgumentException when {@code number} is not in 0..65535
   */
  public PortMapping {
    if (number < 0 || number > 65535) {
      throw new IllegalArgumentException("port out of range: " + number);
    }
    protocol = Objects.requireNonNullElse(protocol, "");
    name = Objects.requireNonNullElse(name, "");
  }

  // Written out for the same reason as Task's.

  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof PortMapping m
            && number == m.number && protocol.equals(m.protocol) && name.equals(m.name);
  }

  @Override
  public int hashCode() {
    return (31 * number + protocol.hashCode()) * 31 + name.hashCode();
  }
}
