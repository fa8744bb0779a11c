package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UDP workers over real loopback sockets, with an echo worker in place of DNS. */
class UdpListenersTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final CountDownLatch blocked = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  /** The server channel each client's packets arrive on (the kernel's choice, by hash). */
  private final Map<SocketAddress, DatagramChannel> channelOf = new ConcurrentHashMap<>();
  private final List<DatagramSocket> clients = new ArrayList<>();
  private UdpListeners listeners;

  /** Echoes "ok <text>" on the channel the packet came in on; "block" holds the worker. */
  private final class Echo implements UdpListeners.Worker {
    @Override
    public void answer(DatagramChannel channel, ByteBuffer in, SocketAddress from) {
      String text = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
      channelOf.putIfAbsent(from, channel);
      if (text.equals("block")) {
        blocked.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      try {
        channel.send(ByteBuffer.wrap(("ok " + text).getBytes(StandardCharsets.US_ASCII)), from);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    clients.forEach(DatagramSocket::close);
    if (listeners != null) {
      listeners.close();
    }
  }

  private int start(int workers) throws Exception {
    int port;
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress(LOOPBACK, 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    listeners = new UdpListeners(workers, Echo::new);
    listeners.bind(List.of(LOOPBACK), port);
    listeners.start();
    return port;
  }

  private DatagramSocket client() throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    s.setSoTimeout(5000);
    clients.add(s);
    return s;
  }

  private static void send(DatagramSocket client, int port, String text) throws Exception {
    byte[] data = text.getBytes(StandardCharsets.US_ASCII);
    client.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, port)));
  }

  private static String receive(DatagramSocket client) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[512], 512);
    client.receive(p); // SocketTimeoutException after 5 s: the packet was never answered
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
  }

  /**
   * The kernel hashes each client to one worker's {@code SO_REUSEPORT} socket. While that worker
   * is busy (here: held), packets waiting on its socket are answered by another worker.
   */
  @Test
  void packetsWaitingOnABusyWorkersSocketAreAnsweredByAnother() throws Exception {
    int port = start(2);
    List<DatagramChannel> channels = listeners.channels(LOOPBACK);
    assumeTrue(channels.size() == 2, "SO_REUSEPORT is not available here");
    // Find two clients that the kernel sends to different server sockets.
    DatagramSocket a = null;
    DatagramSocket b = null;
    for (int i = 0; i < 64 && b == null; i++) {
      DatagramSocket c = client();
      send(c, port, "hello");
      assertThat(receive(c)).isEqualTo("ok hello");
      DatagramChannel at = channelOf.get(c.getLocalSocketAddress());
      if (a == null) {
        a = c;
      } else if (at != channelOf.get(a.getLocalSocketAddress())) {
        b = c;
      }
    }
    assertThat(b).as("64 clients all hashed to one socket").isNotNull();

    send(a, port, "block"); // holds one of the two workers
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      send(a, port, "a" + i);
      send(b, port, "b" + i);
      assertThat(receiveWhilePinging(a, List.of(a, b), port)).isEqualTo("ok a" + i);
      assertThat(receiveWhilePinging(b, List.of(a, b), port)).isEqualTo("ok b" + i);
    }
  }

  /**
   * The next answer on {@code client} other than a ping's. The free worker takes over the busy
   * one's socket when a packet on its own socket wakes it; loopback may deliver the two test
   * packets in either order, so the other socket's packet can arrive after the free worker
   * looked. Pings from every client keep waking it meanwhile, as live traffic would. Without
   * draining, the busy worker's packets are never answered and this times out.
   */
  private static String receiveWhilePinging(DatagramSocket client, List<DatagramSocket> pingers,
      int port) throws Exception {
    client.setSoTimeout(50);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        try {
          String answer = receive(client);
          if (!answer.equals("ok ping")) {
            return answer;
          }
        } catch (java.net.SocketTimeoutException e) {
          for (DatagramSocket pinger : pingers) {
            send(pinger, port, "ping");
          }
        }
      }
      throw new AssertionError("no answer on " + client.getLocalSocketAddress() + " in 5 s");
    } finally {
      client.setSoTimeout(5000);
    }
  }

  @Test
  void eachWorkerHasItsOwnReusePortSocket() throws Exception {
    int port = start(3);
    List<DatagramChannel> channels = listeners.channels(LOOPBACK);
    assumeTrue(channels.get(0).supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT));
    assertThat(channels).hasSize(3).allMatch(c -> !c.isBlocking());
    DatagramSocket c = client();
    for (int i = 0; i < 20; i++) {
      send(c, port, "q" + i);
      assertThat(receive(c)).isEqualTo("ok q" + i);
    }
  }

  /** Closing returns the port: the workers leave their selectors, which release the sockets. */
  @Test
  void closeReleasesThePort() throws Exception {
    int port = start(2);
    listeners.close();
    listeners = null;
    try (DatagramChannel again = DatagramChannel.open()) {
      again.bind(new InetSocketAddress(LOOPBACK, port)); // no SO_REUSEPORT: fails if still held
    }
  }
}
