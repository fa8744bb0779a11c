package io.signpost.source.mesos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a hostname or IP literal into addresses; replaceable so tests never hit DNS. */
@FunctionalInterface
interface HostResolver {

  /** The system resolver; IP literals are returned without any lookup. */
  HostResolver SYSTEM =
      host -> {
        InetAddress literal = IpLiterals.parse(host);
        return literal != null ? List.of(literal) : List.of(InetAddress.getAllByName(host));
      };

  /**
   * Resolves {@code host}.
   *
   * @return at least one address
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
