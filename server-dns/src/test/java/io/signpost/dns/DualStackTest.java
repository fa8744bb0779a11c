package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The wildcard listener serves IPv4 and IPv6 clients, over UDP and TCP. */
class DualStackTest {

  private static boolean ipv6Loopback() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("::1", 0))) {
      return s.isBound();
    } catch (Exception e) {
      return false;
    }
  }

  private static Message ask(String server, int port, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(server),
        port));
    r.setTimeout(Duration.ofSeconds(3));
    r.setTCP(tcp);
    return r.send(Message.newQuery(Record.newRecord(Name.fromString("chronos.marathon.mesos."),
        Type.A, DClass.IN)));
  }

  @Test
  void wildcardListenerAnswersBothFamilies() throws Exception {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
    DnsConfig config = new DnsConfig("0.0.0.0", 0, null, null, null, List.of(), null, null, null,
        null, null, null, null);
    try (DnsTestServer server = new DnsTestServer(config)) {
      server.feed.publish(DnsTestServer.sample(1));
      int port = server.frontend.port();
      for (boolean tcp : new boolean[] {false, true}) {
        assertThat(ask("127.0.0.1", port, tcp).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask("::1", port, tcp).getRcode()).isEqualTo(Rcode.NOERROR);
      }
    }
  }

  @Test
  void ipv6ListenerAnswersIpv6Clients() throws Exception {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
    DnsConfig config = new DnsConfig("::1", 0, null, null, null, List.of(), null, null, null,
        null, null, null, null);
    try (DnsTestServer server = new DnsTestServer(config)) {
      server.feed.publish(DnsTestServer.sample(1));
      assertThat(ask("::1", server.frontend.port(), false).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
  }
}
