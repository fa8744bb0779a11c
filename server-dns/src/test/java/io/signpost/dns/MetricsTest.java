package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Queries are counted by type and rcode, and timed. */
class MetricsTest {

  @Test
  void queriesAreCountedByTypeAndRcodeAndTimed() throws Exception {
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(Map.of()))) {
      server.feed.publish(DnsTestServer.sample(1));
      server.query("chronos.marathon.mesos.", Type.A);
      server.query("chronos.marathon.mesos.", Type.A);
      server.query("missing.mesos.", Type.AAAA);
      assertThat(server.registry.find("signpost.dns.queries").tags("qtype", "A", "rcode",
          "NOERROR").counter().count()).isEqualTo(2);
      assertThat(server.registry.find("signpost.dns.queries").tags("qtype", "AAAA", "rcode",
          "NXDOMAIN").counter().count()).isEqualTo(1);
      assertThat(server.registry.find("signpost.dns.latency").timer().count()).isEqualTo(3);
    }
  }

  @Test
  void malformedAndDroppedPacketsAreCounted() throws Exception {
    try (DnsTestServer server = new DnsTestServer(DnsTestServer.config(Map.of()));
        DatagramSocket socket = TransportRulesTest.socket()) {
      server.feed.publish(DnsTestServer.sample(1));
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.frontend.port());
      byte[] runt = {1, 2, 3};
      byte[] loop = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0,
          (byte) 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01};
      socket.send(new DatagramPacket(runt, runt.length, to));
      socket.send(new DatagramPacket(loop, loop.length, to));
      assertThat(TransportRulesTest.receive(socket).getRcode()).isEqualTo(Rcode.FORMERR);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(server.registry.find("signpost.dns.dropped").counter().count())
            .isEqualTo(1);
        assertThat(server.registry.find("signpost.dns.malformed").counter().count())
            .isEqualTo(1);
      });
    }
  }
}
