package io.signpost.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sockets of the DNS server, per bound address: one address for a specific listener, or
 * every local address for the wildcard, so that a reply leaves from the address the client asked
 * (a reply is sent on the channel its query came in on). Each address gets the same workers as
 * before: one {@code SO_REUSEPORT} channel per worker thread (the kernel spreads clients), or one
 * channel shared by the workers where the option is missing. The hot path (blocking receive,
 * answer, send on the same channel) is unchanged; only the number of threads grows with the
 * number of addresses.
 */
final class UdpListeners implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UdpListeners.class);

  private final int workers;
  private final Consumer<DatagramChannel> serve;
  private final Map<InetAddress, Bound> bound = new LinkedHashMap<>();
  /** Addresses whose bind failed at a rescan, warned about once until they bind or vanish. */
  private final Set<InetAddress> failing = new HashSet<>();
  private int port = -1;
  private boolean started;
  private boolean closed;

  private record Bound(List<DatagramChannel> channels, List<Thread> threads) {}

  /**
   * @param workers threads per address
   * @param serve the worker loop for one channel; it returns once the channel is closed
   */
  UdpListeners(int workers, Consumer<DatagramChannel> serve) {
    this.workers = workers;
    this.serve = serve;
  }

  /**
   * Binds every address on {@code port}, all or none. IPv6 link-local addresses that cannot be
   * bound are skipped (logged at DEBUG): they need a scope the interface may not accept.
   *
   * @throws BindException naming the address that could not be bound
   */
  synchronized void bind(Collection<InetAddress> addresses, int port) throws BindException {
    this.port = port;
    for (InetAddress a : addresses) {
      if (bound.containsKey(a)) {
        continue;
      }
      try {
        bound.put(a, open(a));
      } catch (IOException e) {
        if (isLinkLocal(a)) {
          LOG.debug("dns: skipping udp on link-local {}: {}", a.getHostAddress(), e.toString());
          continue;
        }
        closeAll();
        throw new BindException("cannot bind DNS port " + port + " (udp) on "
            + a.getHostAddress() + ": " + e.getMessage());
      }
    }
  }

  /** Starts the workers of every bound address (and of addresses bound later). */
  synchronized void start() {
    started = true;
    bound.forEach(this::startWorkers);
  }

  /**
   * Binds addresses that appeared and closes those that vanished, logging each change once at
   * INFO. A failed bind is warned about once and retried at the next rescan.
   */
  synchronized void rescan(Collection<InetAddress> now) {
    if (closed) {
      return;
    }
    Set<InetAddress> wanted = new LinkedHashSet<>(now);
    for (InetAddress gone : new ArrayList<>(bound.keySet())) {
      if (!wanted.contains(gone)) {
        Bound b = bound.remove(gone);
        b.channels().forEach(UdpListeners::closeQuietly);
        LOG.info("dns: address {} is gone, stopped serving udp on it", gone.getHostAddress());
      }
    }
    failing.retainAll(wanted);
    for (InetAddress a : wanted) {
      if (bound.containsKey(a)) {
        continue;
      }
      try {
        Bound b = open(a);
        bound.put(a, b);
        failing.remove(a);
        if (started) {
          startWorkers(a, b);
        }
        LOG.info("dns: new address {}, serving udp on it (port {})", a.getHostAddress(), port);
      } catch (IOException e) {
        if (isLinkLocal(a)) {
          LOG.debug("dns: skipping udp on link-local {}: {}", a.getHostAddress(), e.toString());
        } else if (failing.add(a)) {
          LOG.warn("dns: cannot serve udp on new address {} port {} ({}); retrying at the next"
              + " interface scan", a.getHostAddress(), port, e.getMessage());
        }
      }
    }
  }

  /** The addresses bound now, in binding order. */
  synchronized List<InetAddress> addresses() {
    return List.copyOf(bound.keySet());
  }

  /** The channels bound on one address, none if it is not bound (for tests). */
  synchronized List<DatagramChannel> channels(InetAddress address) {
    Bound b = bound.get(address);
    return b == null ? List.of() : b.channels();
  }

  private Bound open(InetAddress address) throws IOException {
    InetSocketAddress at = new InetSocketAddress(address, port);
    List<DatagramChannel> channels = new ArrayList<>();
    try {
      DatagramChannel first = openChannel(address);
      channels.add(first);
      first.bind(at);
      boolean reusePort = first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
      for (int i = 1; reusePort && i < workers; i++) {
        DatagramChannel more = openChannel(address);
        channels.add(more);
        more.bind(at);
      }
    } catch (IOException | RuntimeException e) {
      channels.forEach(UdpListeners::closeQuietly);
      throw e;
    }
    return new Bound(List.copyOf(channels), new ArrayList<>());
  }

  private static DatagramChannel openChannel(InetAddress bind) throws IOException {
    DatagramChannel channel = DatagramChannel.open(
        bind instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    return channel;
  }

  private void startWorkers(InetAddress address, Bound b) {
    for (int i = 0; i < workers; i++) {
      DatagramChannel channel = b.channels().get(i % b.channels().size());
      Thread t = new Thread(() -> serve.accept(channel),
          "signpost-dns-udp-" + address.getHostAddress() + "-" + i);
      t.setDaemon(true);
      b.threads().add(t);
      t.start();
    }
  }

  private static boolean isLinkLocal(InetAddress a) {
    return a instanceof Inet6Address && a.isLinkLocalAddress();
  }

  private void closeAll() {
    for (Bound b : bound.values()) {
      b.channels().forEach(UdpListeners::closeQuietly);
      b.threads().forEach(Thread::interrupt);
    }
    bound.clear();
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeAll();
    failing.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close: {}", e.toString());
    }
  }
}
