package io.signpost.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends a client's query to a list of upstreams in order until one answers. Each upstream gets
 * {@code timeout}; a UDP answer with TC is retried over TCP with the same upstream (dnsjava's
 * {@link SimpleResolver} does that). The query goes out as the client sent it (same ID, flags
 * and EDNS), over the client's transport.
 */
final class Forwarder {

  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  private final List<Upstream> upstreams;
  private final DnsMetrics metrics;

  Forwarder(List<InetSocketAddress> addresses, Duration timeout, DnsMetrics metrics) {
    this.metrics = metrics;
    this.upstreams = addresses.stream().map(a -> new Upstream(a, timeout)).toList();
  }

  boolean isEmpty() {
    return upstreams.isEmpty();
  }

  /**
   * Forwards {@code query}.
   *
   * @return the first upstream's reply, or a failed stage when none answered
   */
  CompletableFuture<Message> forward(Message query, boolean tcp) {
    return attempt(query, tcp, 0).toCompletableFuture();
  }

  private CompletionStage<Message> attempt(Message query, boolean tcp, int index) {
    Upstream upstream = upstreams.get(index);
    SimpleResolver resolver = tcp ? upstream.tcp : upstream.udp;
    return resolver.sendAsync(query)
        .handle((reply, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(reply);
          }
          metrics.upstreamError(upstream.address);
          LOG.debug("upstream {} failed: {}", upstream.address, error.toString());
          if (index + 1 < upstreams.size()) {
            return attempt(query, tcp, index + 1);
          }
          return CompletableFuture.<Message>failedFuture(error);
        })
        .thenCompose(stage -> stage);
  }

  /** One upstream, with a resolver per transport (a resolver's transport is its state). */
  private static final class Upstream {
    final InetSocketAddress address;
    final SimpleResolver udp;
    final SimpleResolver tcp;

    Upstream(InetSocketAddress address, Duration timeout) {
      this.address = address;
      this.udp = new SimpleResolver(address);
      this.udp.setTimeout(timeout);
      this.tcp = new SimpleResolver(address);
      this.tcp.setTimeout(timeout);
      this.tcp.setTCP(true);
    }
  }
}
