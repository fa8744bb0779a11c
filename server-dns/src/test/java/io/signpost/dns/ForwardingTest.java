package io.signpost.dns;

import io.signpost.testing.ManualFeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Names outside the domain go to in-process upstreams on loopback. */
class ForwardingTest {

  private static DnsTestServer server(Map<String, Object> overrides) throws Exception {
    Map<String, Object> o = new HashMap<>(overrides);
    o.putIfAbsent("timeout", 1);
    DnsTestServer s = new DnsTestServer(DnsTestServer.config(o));
    s.feed.publish(DnsTestServer.sample(1));
    return s;
  }

  private static String answer(Message reply) {
    return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }

  @Test
  void outsideNamesAreForwardedAndTheAnswerRelayed() throws Exception {
    try (FakeUpstream up = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.7", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(up.spec())))) {
      Message query = Message.newQuery(
          Record.newRecord(Name.fromString("www.example.org."), Type.A, DClass.IN));
      query.getHeader().setID(4242);
      Message reply = s.udpClient().send(query);
      assertThat(reply.getHeader().getID()).isEqualTo(4242);
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(answer(reply)).isEqualTo("192.0.2.7");
      assertThat(reply.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(300);
      assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
      assertThat(s.registry.find("signpost.dns.forwarded").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void upstreamRcodeIsRelayedAsIs() throws Exception {
    try (FakeUpstream up = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.7",
        Rcode.NXDOMAIN);
        DnsTestServer s = server(Map.of("resolvers", List.of(up.spec())))) {
      assertThat(s.query("nothing.example.org.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
  }

  @Test
  void zoneResolversTakeTheirZone() throws Exception {
    try (FakeUpstream general = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.1", 0);
        FakeUpstream weave = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.2", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(general.spec()),
            "zoneResolvers", Map.of("weave", List.of(weave.spec()))))) {
      assertThat(answer(s.query("db.weave.", Type.A))).isEqualTo("192.0.2.2");
      assertThat(answer(s.query("example.org.", Type.A))).isEqualTo("192.0.2.1");
      // The domain stays authoritative.
      assertThat(s.query("chronos.marathon.mesos.", Type.A).getHeader().getFlag(Flags.AA))
          .isTrue();
    }
  }

  @Test
  void aZoneInsideTheDomainIsForwardedAndTheRestAnsweredHere() throws Exception {
    try (FakeUpstream ext = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.2", 0);
        DnsTestServer s = server(Map.of(
            "zoneResolvers", Map.of("ext.marathon.mesos", List.of(ext.spec()))))) {
      Message forwarded = s.query("db.ext.marathon.mesos.", Type.A);
      assertThat(answer(forwarded)).isEqualTo("192.0.2.2");
      assertThat(forwarded.getHeader().getFlag(Flags.AA)).isFalse();
      Message local = s.query("chronos.marathon.mesos.", Type.A);
      assertThat(local.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(local.getSection(Section.ANSWER)).hasSize(3);
      assertThat(s.query("missing.marathon.mesos.", Type.A).getRcode())
          .isEqualTo(Rcode.NXDOMAIN);
      assertThat(ext.udpQueries.get()).isEqualTo(1);
    }
  }

  @Test
  void aZoneResolverForTheDomainItselfIsRejected() {
    assertThatThrownBy(() -> new DnsFrontend(DnsTestServer.config(Map.of("zoneResolvers",
        Map.of("Mesos.", List.of("10.0.0.2")))), DnsTestServer.CORE, new ManualFeed(),
        new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("servers.dns.zoneResolvers: zone 'mesos.' is the domain itself,"
            + " which this server answers");
  }

  @Test
  void theNextUpstreamIsTriedWhenOneIsSilent() throws Exception {
    try (FakeUpstream silent = new FakeUpstream(FakeUpstream.Mode.SILENT, "192.0.2.1", 0);
        FakeUpstream good = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.9", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(silent.spec(), good.spec())))) {
      assertThat(answer(s.query("example.org.", Type.A))).isEqualTo("192.0.2.9");
      assertThat(silent.udpQueries.get()).isEqualTo(1);
      assertThat(s.registry.find("signpost.dns.upstream.errors").counter().count())
          .isEqualTo(1);
    }
  }

  @Test
  void aSlowUpstreamWithinTheTimeoutIsWaitedFor() throws Exception {
    try (FakeUpstream slow = new FakeUpstream(FakeUpstream.Mode.SLOW, "192.0.2.4", 0);
        FakeUpstream other = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.9", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(slow.spec(), other.spec()),
            "timeout", 3))) {
      assertThat(answer(s.query("example.org.", Type.A))).isEqualTo("192.0.2.4");
      assertThat(other.udpQueries.get()).isZero();
    }
  }

  @Test
  void theNextUpstreamIsTriedWhenOneIsUnreachable() throws Exception {
    FakeUpstream gone = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.1", 0);
    String goneSpec = gone.spec();
    gone.close(); // nothing listens there now: ICMP port unreachable, or a timeout
    try (FakeUpstream good = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.9", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(goneSpec, good.spec())))) {
      assertThat(answer(s.query("example.org.", Type.A))).isEqualTo("192.0.2.9");
      assertThat(s.tcpClient().send(Message.newQuery(Record.newRecord(
          Name.fromString("example.org."), Type.A, DClass.IN))).getRcode())
          .isEqualTo(Rcode.NOERROR);
      assertThat(good.tcpQueries.get()).isEqualTo(1);
    }
  }

  @Test
  void anUpstreamServfailIsRelayedNotRetried() throws Exception {
    try (FakeUpstream failing = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.1",
        Rcode.SERVFAIL);
        FakeUpstream good = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.9", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(failing.spec(), good.spec())))) {
      // An answer is an answer, whatever its rcode (Mesos-DNS does the same).
      assertThat(s.query("example.org.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(failing.udpQueries.get()).isEqualTo(1);
      assertThat(good.udpQueries.get()).isZero();
    }
  }

  @Test
  void queriesWaitingForUpstreamsAreCapped() throws Exception {
    try (FakeUpstream silent = new FakeUpstream(FakeUpstream.Mode.SILENT, "192.0.2.1", 0);
        DnsTestServer s = new DnsTestServer(DnsTestServer.config(Map.of(
            "resolvers", List.of(silent.spec()), "timeout", 2)),
            new DnsFrontend.Limits(2, 4, Duration.ofSeconds(2), 1));
        DatagramSocket first = TransportRulesTest.socket();
        DatagramSocket second = TransportRulesTest.socket()) {
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", s.frontend.port());
      byte[] q1 = Message.newQuery(Record.newRecord(Name.fromString("one.example.org."),
          Type.A, DClass.IN)).toWire();
      first.send(new DatagramPacket(q1, q1.length, to));
      await().atMost(Duration.ofSeconds(5)).until(() -> silent.udpQueries.get() == 1);
      byte[] q2 = Message.newQuery(Record.newRecord(Name.fromString("two.example.org."),
          Type.A, DClass.IN)).toWire();
      second.send(new DatagramPacket(q2, q2.length, to));
      // The one slot is taken: SERVFAIL at once, and the upstream never sees the query.
      assertThat(TransportRulesTest.receive(second).getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(silent.udpQueries.get()).isEqualTo(1);
      assertThat(s.registry.find("signpost.dns.forwarded.overflow").counter().count())
          .isEqualTo(1);
      // The first one times out, which frees its slot.
      assertThat(TransportRulesTest.receive(first).getRcode()).isEqualTo(Rcode.SERVFAIL);
      second.send(new DatagramPacket(q2, q2.length, to));
      await().atMost(Duration.ofSeconds(5)).until(() -> silent.udpQueries.get() == 2);
    }
  }

  @Test
  void servfailWhenNoUpstreamAnswers() throws Exception {
    try (FakeUpstream silent = new FakeUpstream(FakeUpstream.Mode.SILENT, "192.0.2.1", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(silent.spec())))) {
      Message reply = s.query("example.org.", Type.A);
      assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(reply.getQuestion().getName()).isEqualTo(Name.fromString("example.org."));
    }
  }

  @Test
  void aTruncatedUpstreamAnswerIsFetchedOverTcp() throws Exception {
    try (FakeUpstream up = new FakeUpstream(FakeUpstream.Mode.TRUNCATE_UDP, "192.0.2.5", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(up.spec())))) {
      Message reply = s.query("big.example.org.", Type.A);
      assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
      assertThat(answer(reply)).isEqualTo("192.0.2.5");
      assertThat(up.udpQueries.get()).isEqualTo(1);
      assertThat(up.tcpQueries.get()).isEqualTo(1);
    }
  }

  @Test
  void tcpClientsAreForwardedOverTcp() throws Exception {
    try (FakeUpstream up = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.3", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(up.spec())))) {
      Message reply = s.tcpClient().send(Message.newQuery(
          Record.newRecord(Name.fromString("example.org."), Type.A, DClass.IN)));
      assertThat(answer(reply)).isEqualTo("192.0.2.3");
      assertThat(up.tcpQueries.get()).isEqualTo(1);
      assertThat(up.udpQueries.get()).isZero();
    }
  }

  @Test
  void clientsOutsideAllowRecursionFromAreRefused() throws Exception {
    try (FakeUpstream up = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.3", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(up.spec()),
            "allowRecursionFrom", List.of("10.0.0.0/8")))) {
      assertThat(s.query("example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(up.udpQueries.get()).isZero();
      // Authoritative answers are for everyone.
      assertThat(s.query("chronos.marathon.mesos.", Type.A).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void externalOffRefusesOutsideNames() throws Exception {
    try (FakeUpstream up = new FakeUpstream(FakeUpstream.Mode.ANSWER, "192.0.2.3", 0);
        DnsTestServer s = server(Map.of("resolvers", List.of(up.spec()),
            "externalOn", false))) {
      assertThat(s.query("example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(up.udpQueries.get()).isZero();
    }
  }

  @Test
  void noResolversConfiguredRefusesOutsideNames() throws Exception {
    try (DnsTestServer s = server(Map.of())) {
      assertThat(s.query("example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    }
  }
}
