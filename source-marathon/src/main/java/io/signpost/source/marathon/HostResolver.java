package io.signpost.source.marathon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns an agent host as Marathon reports it (a name or an IP literal) into addresses. */
@FunctionalInterface
interface HostResolver {

  /** The system resolver. */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * Resolves {@code host}.
   *
   * @throws UnknownHostException when it has no address
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
