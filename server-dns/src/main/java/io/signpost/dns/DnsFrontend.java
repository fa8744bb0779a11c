package io.signpost.dns;

import io.micrometer.core.instrument.MeterRegistry;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.Frontend;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.support.HeapRoom;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS server: UDP and TCP listeners on {@code listener:port} answering from the {@link
 * SnapshotFeed}, forwarding other names, serving AXFR and sending NOTIFY.
 *
 * <p>UDP: a few worker threads per bound address, each with its own {@code SO_REUSEPORT} socket
 * (receive, answer, send on the same socket; an idle worker also drains the others' sockets, see
 * {@link UdpListeners}); forwarded queries are answered asynchronously so
 * they never hold a worker. With the wildcard listener UDP is bound on every local address (and
 * rescanned every {@link #RESCAN_INTERVAL}) so that a reply leaves from the address the client
 * asked, as in Mesos-DNS; TCP stays on the wildcard (its replies come from the connected
 * address). TCP: one thread per connection, up to a cap; queries on a connection are answered in
 * order (pipelining), and an idle connection is closed.
 */
final class DnsFrontend implements Frontend {

  private static final Logger LOG = LoggerFactory.getLogger(DnsFrontend.class);

  /** How often the wildcard listener looks for interface addresses that came or went. */
  static final Duration RESCAN_INTERVAL = Duration.ofSeconds(30);

  /**
   * Fixed transport limits; tests shrink them. {@code maxPendingForwards} bounds the queries
   * waiting for an upstream at once (a silent upstream must not pile up memory): beyond it,
   * SERVFAIL at once.
   */
  record Limits(int udpWorkers, int maxTcpConnections, Duration tcpIdleTimeout,
      int maxPendingForwards) {
    Limits(int udpWorkers, int maxTcpConnections, Duration tcpIdleTimeout) {
      this(udpWorkers, maxTcpConnections, tcpIdleTimeout, 4096);
    }

    static Limits defaults() {
      return new Limits(Math.max(2, Runtime.getRuntime().availableProcessors()), 128,
          Duration.ofSeconds(8));
    }
  }

  private final DnsConfig config;
  private final CoreSettings core;
  private final SnapshotFeed feed;
  private final Limits limits;
  private final QueryHandler handler;
  private final DnsMetrics metrics;
  private final Notifier notifier;
  private final Semaphore tcpSlots;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();
  private ExecutorService tcpPool;
  private ScheduledExecutorService rescanner;
  private final UdpListeners udp;
  /** Whether UDP is bound per local address (the listener is a wildcard). */
  private boolean perAddress;
  private ServerSocket tcp;
  private volatile boolean running;

  /** Built by Guice from the {@code servers.dns} section. */
  @Inject
  public DnsFrontend(DnsConfig config, CoreSettings core, SnapshotFeed feed,
      MeterRegistry registry) {
    this(config, core, feed, registry, Limits.defaults());
  }

  DnsFrontend(DnsConfig config, CoreSettings core, SnapshotFeed feed, MeterRegistry registry,
      Limits limits) {
    this.config = config;
    this.core = core;
    this.feed = feed;
    this.limits = limits;
    DnsMetrics metrics = new DnsMetrics(registry);
    this.metrics = metrics;
    long ttl = config.ttl() != null ? config.ttl() : core.ttl();
    ZoneView.ServerNames names = new ZoneView.ServerNames(core, ttl);
    Duration timeout = Duration.ofSeconds(config.timeout());
    Forwarder defaults = new Forwarder(
        config.resolvers().stream().map(r -> DnsConfig.parseHostPort("resolvers", r)).toList(),
        timeout, metrics);
    if (config.zoneResolvers().containsKey(names.apex.toString())) {
      // Mesos-DNS rejects it too: the domain is answered here, never forwarded.
      throw new IllegalArgumentException("servers.dns.zoneResolvers: zone '" + names.apex
          + "' is the domain itself, which this server answers");
    }
    Map<String, Forwarder> zones = new LinkedHashMap<>();
    config.zoneResolvers().forEach((zone, list) -> zones.put(zone, new Forwarder(
        list.stream().map(r -> DnsConfig.parseHostPort("zoneResolvers", r)).toList(),
        timeout, metrics)));
    this.handler = new QueryHandler(config, names, core.srvRecordDefaultWeight(), feed,
        defaults, Map.copyOf(zones), metrics, true, limits.maxPendingForwards(),
        HeapRoom::spare);
    this.notifier = new Notifier(
        config.notifyTargets().stream().map(n -> DnsConfig.parseHostPort("notify", n)).toList(),
        names, metrics, Duration.ofSeconds(2));
    this.tcpSlots = new Semaphore(limits.maxTcpConnections());
    this.udp = new UdpListeners(limits.udpWorkers(), UdpWorker::new);
  }

  @Override
  public synchronized void start() throws IOException {
    InetAddress bind = bindAddress();
    perAddress = bind.isAnyLocalAddress();
    bindBoth(bind);
    running = true;
    tcpPool = Executors.newCachedThreadPool(daemon("signpost-dns-tcp"));
    udp.start();
    if (perAddress) {
      rescanner = Executors.newSingleThreadScheduledExecutor(daemon("signpost-dns-rescan"));
      long every = RESCAN_INTERVAL.toMillis();
      rescanner.scheduleWithFixedDelay(this::rescan, every, every, TimeUnit.MILLISECONDS);
    }
    Thread acceptor = new Thread(this::acceptTcp, "signpost-dns-tcp-accept");
    acceptor.setDaemon(true);
    threads.add(acceptor);
    acceptor.start();
    feed.subscribe(notifier::snapshotChanged);
  }

  /** The wildcard {@code 0.0.0.0} becomes {@code ::} where IPv6 exists, to serve both families. */
  private InetAddress bindAddress() throws IOException {
    InetAddress listener = InetAddress.getByName(config.listener());
    if (listener.isAnyLocalAddress() && listener instanceof Inet4Address) {
      try {
        DatagramChannel.open(StandardProtocolFamily.INET6).close();
        return InetAddress.getByName("::");
      } catch (UnsupportedOperationException | IOException e) {
        return listener;
      }
    }
    return listener;
  }

  /**
   * Binds TCP then UDP on the same port (UDP on every local address for a wildcard); with port
   * 0, retries until both get one.
   */
  private void bindBoth(InetAddress bind) throws IOException {
    int attempts = config.port() == 0 ? 20 : 1;
    for (int attempt = 1; ; attempt++) {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      try {
        server.bind(new InetSocketAddress(bind, config.port()), 256);
        udp.bind(perAddress ? localAddresses() : List.of(bind), server.getLocalPort());
        tcp = server;
        return;
      } catch (BindException e) {
        server.close();
        if (attempt >= attempts) {
          // UdpListeners' messages already name the port and address.
          throw e.getMessage() != null && e.getMessage().startsWith("cannot bind DNS port") ? e
              : new BindException("cannot bind DNS port " + config.port() + " on "
                  + bind.getHostAddress() + ": " + e.getMessage());
        }
      }
    }
  }

  /** Every address of every interface that is up, loopback included. */
  static List<InetAddress> localAddresses() {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        try {
          if (nic.isUp()) {
            addresses.addAll(Collections.list(nic.getInetAddresses()));
          }
        } catch (SocketException e) {
          LOG.debug("dns: interface {}: {}", nic.getName(), e.toString());
        }
      }
    } catch (SocketException e) {
      LOG.warn("dns: cannot list network interfaces: {}", e.getMessage());
    }
    return addresses;
  }

  private void rescan() {
    try {
      List<InetAddress> now = localAddresses();
      if (!now.isEmpty()) { // a failed listing must not close every socket
        rescan(now);
      }
    } catch (RuntimeException e) {
      LOG.warn("dns: interface rescan failed", e);
    }
  }

  /** Binds UDP on addresses that appeared and closes it on those gone (tests supply the list). */
  void rescan(List<InetAddress> now) {
    if (running && perAddress) {
      udp.rescan(now);
    }
  }

  /** The addresses UDP is bound on now. */
  List<InetAddress> udpAddresses() {
    return udp.addresses();
  }

  /** The UDP channels bound on one address now. */
  List<DatagramChannel> udpChannels(InetAddress address) {
    return udp.channels(address);
  }

  /** The bound port (UDP and TCP), once started. */
  int port() {
    return tcp.getLocalPort();
  }

  @Override
  public synchronized List<InetSocketAddress> listeningAddresses() {
    if (tcp == null) {
      return List.of();
    }
    if (!perAddress) {
      return List.of(new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort()));
    }
    // A wildcard listener is reachable on loopback; name that first, so clients can dial it as
    // is, then every other address served (UDP per address, TCP on the wildcard).
    Set<InetAddress> addresses = new LinkedHashSet<>();
    addresses.add(InetAddress.getLoopbackAddress());
    addresses.addAll(udp.addresses());
    return addresses.stream().map(a -> new InetSocketAddress(a, tcp.getLocalPort())).toList();
  }

  /**
   * One UDP worker thread's answering: the hot path writes replies into the worker's own buffer
   * (no array, buffer or outcome per query); other queries take the general path.
   */
  private final class UdpWorker implements UdpListeners.Worker {
    private final byte[] fastReply = new byte[QueryHandler.MAX_UDP_PAYLOAD];
    private final ByteBuffer out = ByteBuffer.wrap(fastReply);

    @Override
    public void answer(DatagramChannel channel, ByteBuffer in, SocketAddress from) {
      try {
        int length = handler.answerFast(in.array(), in.position(), false, fastReply);
        if (length >= 0) {
          out.clear().limit(length);
          if (channel.send(out, from) == 0) {
            metrics.dropped(); // non-blocking: the socket's send buffer is full
          }
          return;
        }
        InetSocketAddress client = (InetSocketAddress) from;
        QueryHandler.Outcome outcome =
            handler.handleGeneral(in.array(), in.position(), client.getAddress(), false);
        for (byte[] reply : outcome.replies()) {
          sendUdp(channel, reply, client);
        }
        if (outcome.pending() != null) {
          outcome.pending().thenAccept(reply -> sendUdp(channel, reply, client));
        }
      } catch (IOException e) {
        LOG.debug("udp send to {}: {}", from, e.toString());
      } catch (RuntimeException e) {
        LOG.error("udp query from {} failed", from, e); // a bug costs one query, not a worker
      }
    }
  }

  private void sendUdp(DatagramChannel channel, byte[] reply, SocketAddress to) {
    try {
      if (channel.send(ByteBuffer.wrap(reply), to) == 0) {
        metrics.dropped(); // non-blocking: the socket's send buffer is full
      }
    } catch (IOException e) {
      LOG.debug("udp send to {}: {}", to, e.toString());
    }
  }

  private void acceptTcp() {
    while (running) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (!running) {
          return;
        }
        LOG.debug("tcp accept: {}", e.toString());
        continue;
      }
      if (!tcpSlots.tryAcquire()) {
        closeQuietly(socket); // over the cap: refuse rather than queue
        continue;
      }
      connections.add(socket);
      try {
        tcpPool.execute(() -> {
          try {
            serveTcp(socket);
          } finally {
            connections.remove(socket);
            closeQuietly(socket);
            tcpSlots.release();
          }
        });
      } catch (RuntimeException e) {
        connections.remove(socket);
        closeQuietly(socket);
        tcpSlots.release();
      }
    }
  }

  private void serveTcp(Socket socket) {
    try {
      socket.setSoTimeout((int) limits.tcpIdleTimeout().toMillis());
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      InetAddress client = socket.getInetAddress();
      while (running) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return; // the client is done, or idle too long
        }
        byte[] query = new byte[length];
        in.readFully(query);
        QueryHandler.Outcome outcome = handler.handle(query, length, client, true);
        List<byte[]> replies =
            outcome.pending() != null ? List.of(outcome.pending().join()) : outcome.replies();
        for (byte[] reply : replies) {
          out.writeShort(reply.length);
          out.write(reply);
        }
        if (in.available() == 0) {
          out.flush(); // batch replies to pipelined queries already read
        }
      }
    } catch (IOException e) {
      LOG.debug("tcp connection {}: {}", socket.getRemoteSocketAddress(), e.toString());
    }
  }

  @Override
  public synchronized String describe() {
    if (tcp == null) {
      return "dns on " + config.listener() + ":" + config.port() + " (udp, tcp)";
    }
    String where = tcp.getInetAddress().getHostAddress() + ":" + tcp.getLocalPort();
    if (!perAddress) {
      return "dns on " + where + " (udp, tcp)";
    }
    return "dns on " + where + " (tcp) and port " + tcp.getLocalPort() + " of "
        + udp.addresses().stream().map(InetAddress::getHostAddress)
            .collect(Collectors.joining(", "))
        + " (udp, interfaces rescanned every " + RESCAN_INTERVAL.toSeconds() + " s)";
  }

  /**
   * The server's own A/AAAA records under the SOA MNAME (Mesos-DNS §5.6): with the wildcard
   * listener every non-loopback interface address, otherwise the listener address.
   */
  @Override
  public List<PlainRecord> ownRecords() {
    String name = core.soaMname();
    InetAddress listener;
    try {
      listener = InetAddress.getByName(config.listener());
    } catch (IOException e) {
      return List.of(); // validated in DnsConfig: cannot happen
    }
    Set<InetAddress> addresses = new LinkedHashSet<>();
    if (listener.isAnyLocalAddress()) {
      try {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress a : Collections.list(nic.getInetAddresses())) {
            if (!a.isLoopbackAddress()) {
              addresses.add(a);
            }
          }
        }
      } catch (SocketException e) {
        LOG.warn("cannot list network interfaces for {}: {}", name, e.getMessage());
      }
    } else {
      addresses.add(listener);
    }
    List<PlainRecord> records = new ArrayList<>();
    for (InetAddress a : addresses) {
      String ip = a.getHostAddress();
      int scope = ip.indexOf('%'); // link-local scope id: not part of a DNS record
      if (scope >= 0) {
        ip = ip.substring(0, scope);
      }
      records.add(new PlainRecord(name, a instanceof Inet4Address ? RecordType.A
          : RecordType.AAAA, ip));
    }
    return records;
  }

  @Override
  public synchronized void close() {
    running = false;
    if (rescanner != null) {
      rescanner.shutdownNow();
    }
    udp.close();
    closeQuietly(tcp);
    for (Socket s : connections) {
      closeQuietly(s);
    }
    if (tcpPool != null) {
      tcpPool.shutdownNow();
    }
    notifier.close();
    for (Thread t : threads) {
      t.interrupt();
    }
    threads.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close: {}", e.toString());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
