package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** PTR records under the configured reverse zones, from the snapshot's addresses. */
class ReverseLookupTest {

  private DnsTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DnsTestServer(DnsTestServer.config(
        Map.of("reverseZones", List.of("10.in-addr.arpa", "ip6.arpa"))));
    server.feed.publish(DnsTestServer.sample(5));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Message ptr(String ip) throws Exception {
    return server.query(ReverseMap.fromAddress(ip).toString(), Type.PTR);
  }

  private static List<String> targets(Message reply) {
    return reply.getSection(Section.ANSWER).stream()
        .map(r -> ((PTRRecord) r).getTarget().toString()).toList();
  }

  @Test
  void ipv4AddressesPointBackToTheirNames() throws Exception {
    Message reply = ptr("10.0.0.2");
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(targets(reply)).containsExactly("chronos.marathon.mesos.");
    assertThat(targets(ptr("10.3.0.2"))).containsExactly("web-b.marathon.mesos.");
  }

  @Test
  void ipv6AddressesPointBackToTheirNames() throws Exception {
    assertThat(targets(ptr("fd01:b::1:8000:2")))
        .containsExactly("toy-store.ipv6-framework.mesos.");
  }

  @Test
  void agentAndMasterAddressesPointBackToTheirNames() throws Exception {
    SnapshotBuilder b = new SnapshotBuilder();
    b.addAddress("leader.mesos.", DnsTestServer.ip("10.1.0.1"));
    b.addAddress("master.mesos.", DnsTestServer.ip("10.1.0.1"));
    b.addAddress("master.mesos.", DnsTestServer.ip("10.1.0.2"));
    b.addAddress("slave.mesos.", DnsTestServer.ip("10.5.0.1"));
    b.addAddress("chronos.marathon.slave.mesos.", DnsTestServer.ip("10.5.0.1"));
    b.addAddress("chronos.marathon.mesos.", DnsTestServer.ip("10.0.0.1"));
    server.feed.publish(b.build(6, Instant.now()));
    assertThat(targets(ptr("10.1.0.1"))).containsExactlyInAnyOrder("leader.mesos.",
        "master.mesos.");
    assertThat(targets(ptr("10.1.0.2"))).containsExactly("master.mesos.");
    assertThat(targets(ptr("10.5.0.1"))).containsExactlyInAnyOrder("slave.mesos.",
        "chronos.marathon.slave.mesos.");
    assertThat(targets(ptr("10.0.0.1"))).containsExactly("chronos.marathon.mesos.");
    // The index follows the snapshot: 10.0.0.2 was in the previous one only.
    assertThat(ptr("10.0.0.2").getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void unknownAddressIsNxdomainAndAnAncestorIsNodata() throws Exception {
    Message missing = ptr("10.9.9.9");
    assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(missing.getSection(Section.AUTHORITY)).singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo(Name.fromString("10.in-addr.arpa.")));
    Message ancestor = server.query("0.0.10.in-addr.arpa.", Type.PTR);
    assertThat(ancestor.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ancestor.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void thePtrIndexIsBuiltOnTheFirstReverseQueryOnly() throws Exception {
    // Walking every name costs a big cluster seconds and a heap's worth of memory: forward
    // queries must not pay for it, and reverse queries only once per snapshot.
    CountingWalks snapshot = new CountingWalks(DnsTestServer.sample(7));
    server.feed.publish(snapshot);
    assertThat(server.query("chronos.marathon.mesos.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(server.query("_web._tcp.marathon.mesos.", Type.SRV).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(snapshot.walks).isZero();
    assertThat(targets(ptr("10.0.0.2"))).containsExactly("chronos.marathon.mesos.");
    assertThat(targets(ptr("10.3.0.2"))).containsExactly("web-b.marathon.mesos.");
    assertThat(ptr("10.9.9.9").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(snapshot.walks).isEqualTo(1);
  }

  /** A snapshot that counts the walks over all its names. */
  private static final class CountingWalks implements RecordSnapshot {
    private final RecordSnapshot inner;
    volatile int walks;

    CountingWalks(RecordSnapshot inner) {
      this.inner = inner;
    }

    @Override
    public void forEach(BiConsumer<String, RecordSet> action) {
      walks++;
      inner.forEach(action);
    }

    @Override
    public Set<String> names() {
      walks++;
      return inner.names();
    }

    @Override
    public long serial() {
      return inner.serial();
    }

    @Override
    public Instant builtAt() {
      return inner.builtAt();
    }

    @Override
    public RecordSet lookup(String name) {
      return inner.lookup(name);
    }

    @Override
    public boolean isEmptyNonTerminal(String name) {
      return inner.isEmptyNonTerminal(name);
    }

    @Override
    public int recordCount() {
      return inner.recordCount();
    }

    @Override
    public List<EnumeratedFramework> enumeration() {
      return inner.enumeration();
    }
  }

  @Test
  void reverseZoneApexHasAnSoa() throws Exception {
    Message reply = server.query("10.in-addr.arpa.", Type.SOA);
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
  }

  @Test
  void addressesOutsideTheReverseZonesAreNotAnswered() throws Exception {
    // 127.0.0.1 (ns1.mesos.) is under in-addr.arpa but not 10.in-addr.arpa: it is an outside
    // name, and with no resolvers that is REFUSED.
    Message reply = ptr("127.0.0.1");
    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void withoutReverseZonesPtrQueriesAreOutsideNames() throws Exception {
    try (DnsTestServer plain = new DnsTestServer(DnsTestServer.config(Map.of()))) {
      plain.feed.publish(DnsTestServer.sample(1));
      Record q = Record.newRecord(ReverseMap.fromAddress("10.0.0.2"), Type.PTR, 1);
      assertThat(plain.udpClient().send(Message.newQuery(q)).getRcode())
          .isEqualTo(Rcode.REFUSED);
    }
  }
}
