package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Authoritative answers over real UDP and TCP sockets, one test per rule. */
class AuthoritativeAnswersTest {

  private DnsTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DnsTestServer(DnsTestServer.config(Map.of()));
    server.feed.publish(DnsTestServer.sample(42));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRecordsAreAllReturnedAndTheirOrderRotates() throws Exception {
    Set<List<String>> orders = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Message reply = server.query("chronos.marathon.mesos.", Type.A);
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      List<String> order = new ArrayList<>();
      for (Record r : reply.getSection(Section.ANSWER)) {
        order.add(((ARecord) r).getAddress().getHostAddress());
        assertThat(r.getTTL()).isEqualTo(60);
      }
      assertThat(order).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "10.0.0.3");
      orders.add(order);
    }
    assertThat(orders).hasSizeGreaterThan(1);
  }

  @Test
  void srvAnswersAreShuffledToo() throws Exception {
    Set<List<String>> orders = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      List<String> order = new ArrayList<>();
      for (Record r : server.query("_web._tcp.marathon.mesos.", Type.SRV)
          .getSection(Section.ANSWER)) {
        order.add(((SRVRecord) r).getTarget().toString());
      }
      orders.add(order);
    }
    assertThat(orders).containsExactlyInAnyOrder(
        List.of("web-a.marathon.mesos.", "web-b.marathon.mesos."),
        List.of("web-b.marathon.mesos.", "web-a.marathon.mesos."));
  }

  @Test
  void aaaaRecordsAnswerIpv6Names() throws Exception {
    Message reply = server.query("toy-store.ipv6-framework.mesos.", Type.AAAA);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(((AAAARecord) r).getAddress())
            .isEqualTo(InetAddress.getByName("fd01:b::1:8000:2")));
  }

  @Test
  void srvAnswersCarryTargetAddressesInAdditional() throws Exception {
    Message reply = server.query("_web._tcp.marathon.mesos.", Type.SRV);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    List<String> srv = new ArrayList<>();
    for (Record r : reply.getSection(Section.ANSWER)) {
      SRVRecord s = (SRVRecord) r;
      assertThat(s.getPriority()).isZero();
      assertThat(s.getWeight()).isEqualTo(1);
      srv.add(s.getTarget() + ":" + s.getPort());
    }
    assertThat(srv).containsExactlyInAnyOrder("web-a.marathon.mesos.:80",
        "web-b.marathon.mesos.:443");
    List<String> additional = new ArrayList<>();
    for (Record r : DnsTestServer.additional(reply)) {
      additional.add(r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString());
    }
    assertThat(additional).containsExactlyInAnyOrder(
        "web-a.marathon.mesos. A 10.3.0.1",
        "web-b.marathon.mesos. A 10.3.0.2",
        "web-b.marathon.mesos. AAAA fd00:0:0:0:0:0:0:2");
  }

  @Test
  void soaAtTheApexIsAnAnswerWithTheSnapshotSerial() throws Exception {
    Message reply = server.query("mesos.", Type.SOA);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    SOARecord soa = (SOARecord) reply.getSection(Section.ANSWER).get(0);
    assertThat(soa.getHost()).isEqualTo(Name.fromString("ns1.mesos."));
    assertThat(soa.getAdmin()).isEqualTo(Name.fromString("root.ns1.mesos."));
    assertThat(soa.getSerial()).isEqualTo(42);
    assertThat(soa.getRefresh()).isEqualTo(60);
    assertThat(soa.getRetry()).isEqualTo(600);
    assertThat(soa.getExpire()).isEqualTo(86400);
    assertThat(soa.getMinimum()).isEqualTo(60);
  }

  @Test
  void soaSerialFollowsTheSnapshot() throws Exception {
    server.feed.publish(DnsTestServer.sample(43));
    SOARecord soa = (SOARecord) server.query("mesos.", Type.SOA).getSection(Section.ANSWER)
        .get(0);
    assertThat(soa.getSerial()).isEqualTo(43);
  }

  @Test
  void nsAtTheApexNamesTheServerWithGlue() throws Exception {
    Message reply = server.query("mesos.", Type.NS);
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(((NSRecord) r).getTarget())
            .isEqualTo(Name.fromString("ns1.mesos.")));
    assertThat(DnsTestServer.additional(reply)).singleElement()
        .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("127.0.0.1"));
  }

  @Test
  void missingNameIsNxdomainWithSoaInAuthority() throws Exception {
    Message reply = server.query("missing.mesos.", Type.A);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY)).singleElement()
        .satisfies(r -> {
          assertThat(r.getType()).isEqualTo(Type.SOA);
          assertThat(r.getName()).isEqualTo(Name.fromString("mesos."));
        });
  }

  @Test
  void existingNameWithoutTheTypeIsNodata() throws Exception {
    assertNodata(server.query("chronos.marathon.mesos.", Type.AAAA));
    assertNodata(server.query("chronos.marathon.mesos.", Type.TXT));
    assertNodata(server.query("_web._tcp.marathon.mesos.", Type.A));
    assertNodata(server.query("chronos.marathon.mesos.", Type.SRV));
  }

  @Test
  void emptyNonTerminalIsNodataNotNxdomain() throws Exception {
    assertNodata(server.query("marathon.mesos.", Type.A));
    assertNodata(server.query("_tcp.marathon.mesos.", Type.A));
  }

  @Test
  void apexIsNodataForAddressQueries() throws Exception {
    assertNodata(server.query("mesos.", Type.A));
  }

  @Test
  void srvMissIsNxdomainLikeEveryOtherType() throws Exception {
    assertThat(server.query("_nope._tcp.mesos.", Type.SRV).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void questionCaseIsPreservedAndMatchingIsCaseInsensitive() throws Exception {
    Message reply = server.query("cHrOnOs.MARATHON.mesoS.", Type.A);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getQuestion().getName().toString()).isEqualTo("cHrOnOs.MARATHON.mesoS.");
    assertThat(reply.getSection(Section.ANSWER)).hasSize(3);
    for (Record r : reply.getSection(Section.ANSWER)) {
      assertThat(r.getName().toString()).isEqualTo("cHrOnOs.MARATHON.mesoS.");
    }
  }

  @Test
  void mesosWildcardFormIsUnderstood() throws Exception {
    Message reply = server.query("chronos.*.marathon.mesos.", Type.A);
    assertThat(reply.getSection(Section.ANSWER)).hasSize(3);
  }

  @Test
  void anyIsAnsweredWithOneRrset() throws Exception {
    Message reply = server.query("web-b.marathon.mesos.", Type.ANY);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.A));
    assertThat(server.query("missing.mesos.", Type.ANY).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void raFollowsRecurseOnAndAaIsSet() throws Exception {
    Message reply = server.query("chronos.marathon.mesos.", Type.A);
    assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    try (DnsTestServer off = new DnsTestServer(
        DnsTestServer.config(Map.of("recurseOn", false)))) {
      off.feed.publish(DnsTestServer.sample(1));
      Message r2 = off.query("chronos.marathon.mesos.", Type.A);
      assertThat(r2.getHeader().getFlag(Flags.RA)).isFalse();
      assertThat(r2.getHeader().getFlag(Flags.AA)).isTrue();
    }
  }

  @Test
  void ttlOverrideReplacesTheCoreTtl() throws Exception {
    try (DnsTestServer custom = new DnsTestServer(DnsTestServer.config(Map.of("ttl", 5)))) {
      custom.feed.publish(DnsTestServer.sample(1));
      Message reply = custom.query("chronos.marathon.mesos.", Type.A);
      assertThat(reply.getSection(Section.ANSWER)).hasSize(3).allSatisfy(
          r -> assertThat(r.getTTL()).isEqualTo(5));
      Message srv = custom.query("_web._tcp.marathon.mesos.", Type.SRV);
      assertThat(srv.getSection(Section.ANSWER)).allSatisfy(
          r -> assertThat(r.getTTL()).isEqualTo(5));
      assertThat(DnsTestServer.additional(srv)).allSatisfy(
          r -> assertThat(r.getTTL()).isEqualTo(5));
      assertThat(custom.query("mesos.", Type.SOA).getSection(Section.ANSWER).get(0).getTTL())
          .isEqualTo(5);
      // A negative answer's SOA: TTL min(ttl, SOAMinttl) = 5, MINIMUM stays SOAMinttl.
      SOARecord negative = (SOARecord) custom.query("missing.mesos.", Type.A)
          .getSection(Section.AUTHORITY).get(0);
      assertThat(negative.getTTL()).isEqualTo(5);
      assertThat(negative.getMinimum()).isEqualTo(60);
    }
    // Without the override every record carries the top-level ttl (60 in these tests).
    assertThat(server.query("chronos.marathon.mesos.", Type.A).getSection(Section.ANSWER))
        .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(60));
  }

  @Test
  void servfailInTheDomainBeforeTheFirstSnapshot() throws Exception {
    try (DnsTestServer fresh = new DnsTestServer(DnsTestServer.config(Map.of()))) {
      assertThat(fresh.query("chronos.marathon.mesos.", Type.A).getRcode())
          .isEqualTo(Rcode.SERVFAIL);
      assertThat(fresh.query("missing.mesos.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
      fresh.feed.publish(DnsTestServer.sample(1));
      assertThat(fresh.query("missing.mesos.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
  }

  @Test
  void tcpAnswersTheSameAsUdp() throws Exception {
    Message reply = server.tcpClient().send(Message.newQuery(Record.newRecord(
        Name.fromString("_web._tcp.marathon.mesos."), Type.SRV, DClass.IN)));
    assertThat(reply.getSection(Section.ANSWER)).hasSize(2);
    assertThat(DnsTestServer.additional(reply)).hasSize(3);
  }

  private static void assertNodata(Message reply) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY)).singleElement()
        .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
  }
}
