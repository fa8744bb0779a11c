package io.signpost.spi;

import java.util.Objects;

/**
 * The value of an SRV record: priority is always 0 and the weight is {@link
 * CoreSettings#srvRecordDefaultWeight()}, as in Mesos-DNS.
 *
 * @param target absolute, lower-case target name with trailing dot
 * @param port the port
 */
public record SrvTarget(String target, int port) {
  /**
   * @throws NullPointerException when {@code target} is null
   */
  public SrvTarget {
    Objects.requireNonNull(target, "target");
  }

  /** Mesos-DNS's text form, {@code target:port}. */
  @Override
  public String toString() {
    return target + ":" + port;
  }
}
