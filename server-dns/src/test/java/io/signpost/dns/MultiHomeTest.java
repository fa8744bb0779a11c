package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * With the wildcard listener, UDP is bound per local address and a reply leaves from the address
 * the client asked (Mesos-DNS does the same); interfaces are rescanned for new and gone addresses.
 */
class MultiHomeTest {

  private DnsTestServer server;

  @BeforeEach
  void start() throws Exception {
    DnsConfig config = new DnsConfig("0.0.0.0", 0, null, null, null, List.of(), null, null, null,
        null, null, null, null);
    server = new DnsTestServer(config);
    server.feed.publish(DnsTestServer.sample(1));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Sends a query from a plain channel; returns the reply's sender and the reply. */
  private record Reply(InetSocketAddress from, Message message) {}

  private Reply ask(InetAddress to) throws Exception {
    return ask(to, to);
  }

  private Reply ask(InetAddress from, InetAddress to) throws Exception {
    try (DatagramChannel client = DatagramChannel.open(to instanceof Inet6Address
            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        Selector selector = Selector.open()) {
      client.bind(new InetSocketAddress(from, 0));
      client.configureBlocking(false);
      client.register(selector, SelectionKey.OP_READ);
      Message query = Message.newQuery(Record.newRecord(Name.fromString("chronos.marathon.mesos."),
          Type.A, DClass.IN));
      client.send(ByteBuffer.wrap(query.toWire()), new InetSocketAddress(to, server.frontend.port()));
      assertThat(selector.select(5000)).as("a reply within 5 s").isEqualTo(1);
      ByteBuffer in = ByteBuffer.allocate(65535);
      InetSocketAddress sender = (InetSocketAddress) client.receive(in);
      in.flip();
      byte[] wire = new byte[in.remaining()];
      in.get(wire);
      return new Reply(sender, new Message(wire));
    }
  }

  private static boolean ipv6Loopback() {
    try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
      c.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void replyComesFromTheQueriedIpv4Address() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    Reply reply = ask(loopback);
    assertThat(reply.message().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.message().getSection(org.xbill.DNS.Section.ANSWER)).hasSize(3);
    assertThat(reply.from()).isEqualTo(new InetSocketAddress(loopback, server.frontend.port()));
  }

  @Test
  void replyComesFromTheQueriedIpv6Address() throws Exception {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
    InetAddress loopback = InetAddress.getByName("::1");
    Reply reply = ask(loopback);
    assertThat(reply.message().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.from()).isEqualTo(new InetSocketAddress(loopback, server.frontend.port()));
  }

  @Test
  void udpIsBoundOnEveryInterfaceAddress() throws Exception {
    List<InetAddress> expected = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!(a instanceof Inet6Address && a.isLinkLocalAddress())) {
            expected.add(a);
          }
        }
      }
    }
    assertThat(expected).isNotEmpty();
    assertThat(server.frontend.udpAddresses()).containsAll(expected);
    int port = server.frontend.port();
    assertThat(server.frontend.listeningAddresses().get(0))
        .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    assertThat(server.frontend.listeningAddresses()).containsAll(
        expected.stream().map(a -> new InetSocketAddress(a, port)).toList());
    assertThat(server.frontend.describe()).contains("127.0.0.1").contains(":" + port);
  }

  @Test
  void rescanClosesGoneAddressesAndBindsNewOnes() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    List<InetAddress> all = server.frontend.udpAddresses();
    assertThat(all).contains(loopback);
    List<DatagramChannel> before = server.frontend.udpChannels(loopback);
    assertThat(before).hasSize(2).allMatch(DatagramChannel::isOpen); // one per worker

    List<InetAddress> without = new ArrayList<>(all);
    without.remove(loopback);
    server.frontend.rescan(without);
    assertThat(server.frontend.udpAddresses()).containsExactlyElementsOf(without);
    assertThat(before).noneMatch(DatagramChannel::isOpen);
    assertThat(server.frontend.udpChannels(loopback)).isEmpty();

    // The address is back (e.g. a VIP moved here): bound again on the same port, answered from it.
    server.frontend.rescan(all);
    assertThat(server.frontend.udpAddresses()).containsExactlyInAnyOrderElementsOf(all);
    List<DatagramChannel> after = server.frontend.udpChannels(loopback);
    assertThat(after).hasSize(2).allMatch(DatagramChannel::isOpen);
    for (DatagramChannel c : after) {
      assertThat(((InetSocketAddress) c.getLocalAddress()).getPort())
          .isEqualTo(server.frontend.port());
      if (c.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
        assertThat(c.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
      }
    }
    Reply reply = ask(loopback);
    assertThat(reply.message().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.from()).isEqualTo(new InetSocketAddress(loopback, server.frontend.port()));
  }

  /**
   * The bug this fixes: asked on a secondary address (127.0.0.2 stands for a VIP), a wildcard
   * socket answers from the address routed back to the client (127.0.0.1), which clients drop.
   */
  @Test
  void aSecondaryAddressIsAnsweredFromItself() throws Exception {
    InetAddress secondary = InetAddress.getByName("127.0.0.2");
    assumeTrue(bindable(secondary), "127.0.0.2 is not local here");
    List<InetAddress> withSecondary = new ArrayList<>(server.frontend.udpAddresses());
    assumeTrue(!withSecondary.contains(secondary));
    withSecondary.add(secondary);
    server.frontend.rescan(withSecondary);
    assertThat(server.frontend.udpAddresses()).contains(secondary);
    Reply reply = ask(InetAddress.getByName("127.0.0.1"), secondary);
    assertThat(reply.message().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.from()).isEqualTo(new InetSocketAddress(secondary, server.frontend.port()));
  }

  private static boolean bindable(InetAddress address) {
    try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)) {
      c.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void anAddressThatCannotBeBoundIsLeftOutAndTheOthersKept() throws Exception {
    List<InetAddress> all = server.frontend.udpAddresses();
    List<InetAddress> withForeign = new ArrayList<>(all);
    // Documentation range (RFC 5737), not local here: the bind fails, nothing is sent to it.
    withForeign.add(InetAddress.getByName("203.0.113.77"));
    server.frontend.rescan(withForeign);
    assertThat(server.frontend.udpAddresses()).containsExactlyElementsOf(all);
    assertThat(ask(InetAddress.getByName("127.0.0.1")).message().getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aSpecificListenerBindsOnlyItsAddress() throws Exception {
    try (DnsTestServer specific = new DnsTestServer(DnsTestServer.config(java.util.Map.of()))) {
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      assertThat(specific.frontend.udpAddresses()).containsExactly(loopback);
      specific.frontend.rescan(List.of(InetAddress.getByName("::1")));
      assertThat(specific.frontend.udpAddresses()).containsExactly(loopback);
      assertThat(specific.frontend.listeningAddresses())
          .containsExactly(new InetSocketAddress(loopback, specific.frontend.port()));
      assertThat(specific.frontend.describe())
          .isEqualTo("dns on 127.0.0.1:" + specific.frontend.port() + " (udp, tcp)");
    }
  }
}
