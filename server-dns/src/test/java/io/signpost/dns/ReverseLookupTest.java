package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.core.naming.RecordGenerator;
import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.AddressLookup;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import io.signpost.testing.ForwardingSnapshot;
import java.time.Instant;
import java.util.ArrayList;
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
  void theAddressLookupIsAskedForOnTheFirstReverseQueryOnly() throws Exception {
    // Indexing addresses costs a big cluster time and memory: forward queries must not pay for
    // it, and reverse queries ask the snapshot for its lookup once; no query walks every name.
    CountingWalks snapshot = new CountingWalks(DnsTestServer.sample(7));
    server.feed.publish(snapshot);
    assertThat(server.query("chronos.marathon.mesos.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(server.query("_web._tcp.marathon.mesos.", Type.SRV).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(snapshot.lookups).isZero();
    assertThat(targets(ptr("10.0.0.2"))).containsExactly("chronos.marathon.mesos.");
    assertThat(targets(ptr("10.3.0.2"))).containsExactly("web-b.marathon.mesos.");
    assertThat(ptr("10.9.9.9").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.query("0.0.10.in-addr.arpa.", Type.PTR).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(snapshot.lookups).isEqualTo(1);
    assertThat(snapshot.walks).isZero();
  }

  /** A snapshot that counts the walks over all its names and the address lookups asked for. */
  private static final class CountingWalks extends ForwardingSnapshot {
    volatile int walks;
    volatile int lookups;

    CountingWalks(RecordSnapshot inner) {
      super(inner);
    }

    @Override
    public AddressLookup addresses() {
      lookups++;
      return inner.addresses();
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
  }

  @Test
  void aCompactSnapshotOfTasksAnswersFromItsTasksAndAgents() throws Exception {
    // Big clusters are served from compact snapshots that name tasks on demand: their PTR
    // answers come from an index of task and agent addresses, not from a walk over the names.
    Agent agent = new Agent("a-S1", "agent-1", List.of(DnsTestServer.ip("10.5.0.1")), 5051);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tasks.add(new Task("web." + i, "web", "marathon", Task.RUNNING, "a-S1", List.of(),
          List.of(new TaskIp(DnsTestServer.ip("10.7.0." + (i + 1)), IpSource.NETINFO)),
          List.of(31000 + i), null, Health.UNKNOWN, Map.of()));
    }
    RecordSnapshot snapshot = new RecordGenerator(DnsTestServer.CORE).snapshot(
        new SourceReport(List.of(), List.of(agent), tasks, Masters.NONE, List.of()), 8,
        Instant.now()).snapshot();
    assertThat(snapshot.getClass().getSimpleName()).isEqualTo("IndexedSnapshot");
    server.feed.publish(snapshot);
    java.net.InetAddress second = DnsTestServer.ip("10.7.0.2");
    String canonical = snapshot.names().stream()
        .filter(n -> n.startsWith("web-") && n.endsWith(".marathon.mesos.")
            && snapshot.lookup(n).a().contains(second))
        .findFirst().orElseThrow();
    assertThat(targets(ptr("10.7.0.2")))
        .containsExactlyInAnyOrder("web.marathon.mesos.", canonical);
    List<String> agentNames = targets(ptr("10.5.0.1"));
    assertThat(agentNames).contains("slave.mesos.", "web.marathon.slave.mesos.")
        .hasSize(2 + 3); // and each task's canonical name under .marathon.slave.mesos.
    assertThat(server.query("7.10.in-addr.arpa.", Type.PTR).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.query("8.10.in-addr.arpa.", Type.PTR).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
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
