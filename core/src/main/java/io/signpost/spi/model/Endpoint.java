package io.signpost.spi.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address and port, e.g. a Mesos master.
 *
 * @param address the IP address
 * @param port the port, 0 when unknown
 */
public record Endpoint(InetAddress address, int port) {
  /**
   * @throws NullPointerException when {@code address} is null
   * @throws IllegalArgumentException when {@code port} is not in 0..65535
   */
  public Endpoint {
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }
}
