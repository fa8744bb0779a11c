package io.signpost.source.marathon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves agent hosts with a short-lived cache, so that rebuilding the report after every event
 * does not resolve every agent again. A host that does not resolve gets no host addresses (its
 * tasks then only have container IPs, if any) and is logged once per cache period.
 */
final class CachingResolver {

  private static final Logger LOG = LoggerFactory.getLogger(CachingResolver.class);
  private static final Duration TTL = Duration.ofSeconds(60);

  private record Entry(List<InetAddress> addresses, Instant expires) {}

  private final HostResolver resolver;
  private final Clock clock;
  private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();

  CachingResolver(HostResolver resolver, Clock clock) {
    this.resolver = resolver;
    this.clock = clock;
  }

  List<InetAddress> resolve(String host) {
    if (host == null || host.isBlank()) {
      return List.of();
    }
    Instant now = clock.instant();
    Entry e = cache.get(host);
    if (e != null && now.isBefore(e.expires())) {
      return e.addresses();
    }
    List<InetAddress> addresses;
    try {
      addresses = List.copyOf(resolver.resolve(host));
    } catch (UnknownHostException | RuntimeException ex) {
      LOG.warn("marathon: agent host '{}' does not resolve; its tasks get no host address", host);
      addresses = List.of();
    }
    cache.put(host, new Entry(addresses, now.plus(TTL)));
    return addresses;
  }
}
