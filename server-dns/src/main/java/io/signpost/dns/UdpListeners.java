package io.signpost.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sockets of the DNS server, per bound address: one address for a specific listener, or
 * every local address for the wildcard, so that a reply leaves from the address the client asked
 * (a reply is sent on the channel its query came in on). Each address gets the same workers: one
 * {@code SO_REUSEPORT} channel per worker thread, or one blocking channel shared by the workers
 * where the option is missing (or there is one worker).
 *
 * <p>The kernel hashes each client to one of the {@code SO_REUSEPORT} channels, so a few busy
 * clients can load one worker while another idles (dnsperf's 10 clients did: a fifth of the
 * throughput lost in such rounds). So the channels are non-blocking and a worker, once woken by a
 * packet on its own channel, drains every channel of its address before it waits again: an idle
 * worker takes over what a busy one's channel holds. Waiting stays on the own channel only, so
 * at a low rate each packet wakes one thread, as with blocking receives.
 */
final class UdpListeners implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UdpListeners.class);

  private final int workers;
  private final Supplier<Worker> workerFactory;
  private final Map<InetAddress, Bound> bound = new LinkedHashMap<>();
  /** Addresses whose bind failed at a rescan, warned about once until they bind or vanish. */
  private final Set<InetAddress> failing = new HashSet<>();
  private int port = -1;
  private boolean started;
  private boolean closed;

  /** Packets drained from one channel before the worker looks at the next. */
  private static final int BATCH = 64;

  private record Bound(List<DatagramChannel> channels, List<Thread> threads,
      List<Selector> selectors) {
    /**
     * Closes the channels and wakes the workers waiting on them, then waits a little for them to
     * return: a channel registered with a worker's selector is only released (its port free of
     * it) once that worker has left.
     */
    void close() {
      channels.forEach(UdpListeners::closeQuietly);
      synchronized (selectors) {
        selectors.forEach(Selector::wakeup);
      }
      for (Thread t : threads) {
        if (t == Thread.currentThread()) {
          continue;
        }
        try {
          t.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** One worker thread's answering of packets, with the worker's own scratch state. */
  interface Worker {
    /**
     * Answers the packet in {@code in} (position = its length) from {@code from}, replying on
     * {@code channel}. Must not throw.
     */
    void answer(DatagramChannel channel, ByteBuffer in, SocketAddress from);
  }

  /**
   * @param workers threads per address
   * @param workerFactory a new {@link Worker} per thread
   */
  UdpListeners(int workers, Supplier<Worker> workerFactory) {
    this.workers = workers;
    this.workerFactory = workerFactory;
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
        bound.remove(gone).close();
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
      if (channels.size() > 1) {
        for (DatagramChannel c : channels) {
          c.configureBlocking(false); // workers drain each other's channels, see the class doc
        }
      }
    } catch (IOException | RuntimeException e) {
      channels.forEach(UdpListeners::closeQuietly);
      throw e;
    }
    return new Bound(List.copyOf(channels), new ArrayList<>(), new ArrayList<>());
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
      Worker worker = workerFactory.get();
      Runnable loop = b.channels().size() == 1 ? () -> serveBlocking(channel, worker)
          : () -> serveDraining(channel, b, worker);
      Thread t = new Thread(loop, "signpost-dns-udp-" + address.getHostAddress() + "-" + i);
      t.setDaemon(true);
      b.threads().add(t);
      t.start();
    }
  }

  /** Blocking receive, answer, repeat, until the channel is closed. */
  private static void serveBlocking(DatagramChannel channel, Worker worker) {
    ByteBuffer in = ByteBuffer.allocate(65535);
    while (true) {
      SocketAddress from;
      try {
        in.clear();
        from = channel.receive(in);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.debug("udp receive: {}", e.toString());
        continue;
      }
      worker.answer(channel, in, from);
    }
  }

  /**
   * Drains {@code own}, then the address's other channels, and waits on {@code own} only when
   * all were empty; returns once {@code own} is closed.
   */
  private static void serveDraining(DatagramChannel own, Bound b, Worker worker) {
    List<DatagramChannel> order = new ArrayList<>(b.channels());
    order.remove(own);
    order.add(0, own);
    ByteBuffer in = ByteBuffer.allocate(65535);
    try (Selector selector = Selector.open()) {
      synchronized (b.selectors()) {
        b.selectors().add(selector);
      }
      own.register(selector, SelectionKey.OP_READ);
      while (own.isOpen()) {
        int answered = 0;
        for (DatagramChannel channel : order) {
          answered += drain(channel, in, worker);
        }
        if (answered == 0) {
          selector.select(); // Bound.close() wakes it
        }
      }
    } catch (ClosedChannelException e) {
      // closed before the worker registered: nothing to serve
    } catch (IOException e) {
      LOG.warn("dns: udp worker on {} stopped: {}", own, e.toString());
    }
  }

  /** Answers up to {@link #BATCH} packets waiting on {@code channel}; how many there were. */
  private static int drain(DatagramChannel channel, ByteBuffer in, Worker worker) {
    for (int n = 0; n < BATCH; n++) {
      SocketAddress from;
      try {
        in.clear();
        from = channel.receive(in);
      } catch (ClosedChannelException e) {
        return n;
      } catch (IOException e) {
        LOG.debug("udp receive: {}", e.toString());
        return n;
      }
      if (from == null) {
        return n;
      }
      worker.answer(channel, in, from);
    }
    return BATCH;
  }

  private static boolean isLinkLocal(InetAddress a) {
    return a instanceof Inet6Address && a.isLinkLocalAddress();
  }

  private void closeAll() {
    for (Bound b : bound.values()) {
      b.close();
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
