package io.signpost.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The DNS server's meters: {@code signpost.dns.queries} (by qtype, rcode), {@code
 * signpost.dns.latency} (histogram), {@code signpost.dns.forwarded}, {@code
 * signpost.dns.forwarded.overflow}, {@code
 * signpost.dns.upstream.errors} (by upstream), {@code signpost.dns.dropped} and {@code
 * signpost.dns.malformed}, {@code signpost.dns.transfers} and {@code signpost.dns.notify} (by
 * result).
 */
final class DnsMetrics {

  private final MeterRegistry registry;
  private final ConcurrentMap<Integer, Counter> queries = new ConcurrentHashMap<>();
  /** Query counters for types below 256 and rcodes below 32, without boxing on the hot path. */
  private final Counter[] common = new Counter[256 * 32];
  private final ConcurrentMap<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
  private final Timer latency;
  private final Counter forwarded;
  private final Counter forwardOverflow;
  private final Counter dropped;
  private final Counter malformed;
  private final Counter transfers;

  DnsMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency = Timer.builder("signpost.dns.latency")
        .description("Time from a query's arrival to its reply")
        .publishPercentileHistogram()
        .register(registry);
    this.forwarded = Counter.builder("signpost.dns.forwarded")
        .description("Queries forwarded to an upstream").register(registry);
    this.forwardOverflow = Counter.builder("signpost.dns.forwarded.overflow")
        .description("Queries answered SERVFAIL because too many were waiting for upstreams")
        .register(registry);
    this.dropped = Counter.builder("signpost.dns.dropped")
        .description("Packets dropped without a reply (responses, runt packets), or replies"
            + " a full UDP send buffer did not take")
        .register(registry);
    this.malformed = Counter.builder("signpost.dns.malformed")
        .description("Packets that could not be parsed (answered FORMERR)").register(registry);
    this.transfers = Counter.builder("signpost.dns.transfers")
        .description("Zone transfers served").register(registry);
  }

  void query(int qtype, int rcode, long startNanos) {
    int slot = qtype >= 0 && qtype < 256 && rcode >= 0 && rcode < 32 ? (qtype << 5) | rcode : -1;
    Counter counter = slot >= 0 ? common[slot] : null;
    if (counter == null) {
      counter = counter(qtype, rcode);
      if (slot >= 0) {
        common[slot] = counter; // racy but idempotent: the registry returns the same counter
      }
    }
    counter.increment();
    latency.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Counter counter(int qtype, int rcode) {
    int key = (qtype << 12) | (rcode & 0xfff);
    return queries.computeIfAbsent(key, k -> Counter.builder("signpost.dns.queries")
        .description("Queries answered, by question type and response code")
        .tag("qtype", qtype < 0 ? "none" : Type.string(qtype))
        .tag("rcode", Rcode.string(rcode))
        .register(registry));
  }

  void forwarded() {
    forwarded.increment();
  }

  void forwardOverflow() {
    forwardOverflow.increment();
  }

  void upstreamError(InetSocketAddress upstream) {
    String key = upstream.getAddress().getHostAddress() + ":" + upstream.getPort();
    upstreamErrors.computeIfAbsent(key, k -> Counter.builder("signpost.dns.upstream.errors")
        .description("Upstream exchanges that failed (timeout, unreachable, bad reply)")
        .tag("upstream", k)
        .register(registry)).increment();
  }

  void dropped() {
    dropped.increment();
  }

  void malformed() {
    malformed.increment();
  }

  void transfer() {
    transfers.increment();
  }

  void notifyResult(boolean acknowledged) {
    registry.counter("signpost.dns.notify", "result", acknowledged ? "ack" : "failed")
        .increment();
  }
}
