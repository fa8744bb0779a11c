package io.signpost.http;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * Writes addresses as Mesos-DNS (Go's {@code net.IP.String}) does: IPv6 in the RFC 5952
 * compressed form ({@code 2001:db8::1}), where Java's {@link InetAddress#getHostAddress()} gives
 * {@code 2001:db8:0:0:0:0:0:1}.
 */
final class IpText {
  private IpText() {}

  static String of(InetAddress address) {
    return InetAddresses.toAddrString(address);
  }
}
