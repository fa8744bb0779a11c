package io.signpost.spi.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One IP address of a task's container, with where it came from.
 *
 * @param address the IPv4 or IPv6 address
 * @param source which part of the task's status reported it
 */
public record TaskIp(InetAddress address, IpSource source) {
  /**
   * @throws NullPointerException when an argument is null
   */
  public TaskIp {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
  }

  // Written out for the same reason as Task's.

  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof TaskIp t && source == t.source && address.equals(t.address);
  }

  @Override
  public int hashCode() {
    return 31 * address.hashCode() + source.hashCode();
  }
}
