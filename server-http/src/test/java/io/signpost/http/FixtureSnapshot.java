package io.signpost.http;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.IpSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;

/**
 * Part of the records Mesos-DNS generates from its test fixture {@code fake-state.json}
 * (resolver-test setup: domain {@code mesos}, RFC 952, IPSources netinfo, docker, mesos, host;
 * leader 1.2.3.4, masters [144.76.157.37:5050]), transcribed by hand from the worked example in
 * the behaviour reference (sections 5.8.5 and 11), in Mesos-DNS's generation order. The legacy
 * raw-DiscoveryInfo records and the marathon tasks chronos, nginx, reviewbot and big.dog2 are
 * left out: the HTTP API only needs a faithful sample, not the whole store.
 */
final class FixtureSnapshot {
  static final long SERIAL = 1700000000L;
  static final Instant BUILT_AT = Instant.parse("2023-11-14T22:13:20Z");

  private FixtureSnapshot() {}

  static CoreSettings settings() {
    return new CoreSettings("mesos", 60, true,
        List.of(IpSource.NETINFO, IpSource.DOCKER, IpSource.MESOS, IpSource.HOST), 1,
        "ns1.mesos.", "root.ns1.mesos.", 60, 600, 86400, 60);
  }

  static RecordSnapshot build() {
    SnapshotBuilder b = new SnapshotBuilder();
    // Frameworks, in state order (enumeration lists them even without tasks).
    b.beginFramework("ipv6-framework");
    add(b, "ipv6-framework.mesos.", "2001:db8::1");
    b.addSrv("_framework._tcp.ipv6-framework.mesos.", "ipv6-framework.mesos.", 25501);
    b.beginFramework("chronos with a space AND MIXED CASE-2.0.1");
    add(b, "chronoswithaspaceandmixe.mesos.", "1.2.3.12");
    b.addSrv("_framework._tcp.chronoswithaspaceandmixe.mesos.",
        "chronoswithaspaceandmixe.mesos.", 25501);
    b.beginFramework("no pid");
    add(b, "nopid.mesos.", "127.0.0.1");
    b.beginFramework("marathon");
    add(b, "marathon.mesos.", "1.2.3.11");
    b.addSrv("_framework._tcp.marathon.mesos.", "marathon.mesos.", 25501);
    // Agents.
    add(b, "slave.mesos.", "1.2.3.10");
    add(b, "slave.mesos.", "1.2.3.11");
    add(b, "slave.mesos.", "1.2.3.12");
    add(b, "slave.mesos.", "2001:db8::1");
    b.addSrv("_slave._tcp.mesos.", "slave.mesos.", 5051);
    // Leader, masters and the server's own name.
    add(b, "leader.mesos.", "1.2.3.4");
    b.addSrv("_leader._tcp.mesos.", "leader.mesos.", 5050);
    b.addSrv("_leader._udp.mesos.", "leader.mesos.", 5050);
    add(b, "master.mesos.", "144.76.157.37");
    add(b, "master0.mesos.", "144.76.157.37");
    add(b, "master.mesos.", "1.2.3.4");
    add(b, "master1.mesos.", "1.2.3.4");
    add(b, "mesos-dns.mesos.", "127.0.0.1");

    // Tasks, in state order.
    b.beginFramework("ipv6-framework");
    b.beginTask("toy-store", "toy-store.b8db9f73-562f-11e4-a088-c20493233aa5");
    for (String name : List.of("toy-store.ipv6-framework.mesos.",
        "toy-store-go588-3.ipv6-framework.mesos.")) {
      add(b, name, "12.0.1.3");
      add(b, name, "12.0.1.2");
      add(b, name, "fd01:b::1:8000:2");
    }
    add(b, "toy-store.ipv6-framework.slave.mesos.", "2001:db8::1");
    add(b, "toy-store-go588-3.ipv6-framework.slave.mesos.", "2001:db8::1");
    for (String srv : List.of("_toy-store._tcp.ipv6-framework.slave.mesos.",
        "_toy-store._udp.ipv6-framework.slave.mesos.", "_toy-store._tcp.ipv6-framework.mesos.",
        "_toy-store._udp.ipv6-framework.mesos.")) {
      b.addSrv(srv, "toy-store-go588-3.ipv6-framework.slave.mesos.", 31354);
      b.addSrv(srv, "toy-store-go588-3.ipv6-framework.slave.mesos.", 31355);
    }
    b.endTask();

    b.beginFramework("chronos with a space AND MIXED CASE-2.0.1");
    b.beginTask("some-box", "some-box.b8db9f73-562f-11e4-a088-c20493233aa5");
    add(b, "some-box.chronoswithaspaceandmixe.mesos.", "1.2.3.11");
    add(b, "some-box-h3dyr-0.chronoswithaspaceandmixe.mesos.", "1.2.3.11");
    add(b, "some-box.chronoswithaspaceandmixe.slave.mesos.", "1.2.3.11");
    add(b, "some-box-h3dyr-0.chronoswithaspaceandmixe.slave.mesos.", "1.2.3.11");
    for (String srv : List.of("_some-box._tcp.chronoswithaspaceandmixe.slave.mesos.",
        "_some-box._udp.chronoswithaspaceandmixe.slave.mesos.",
        "_some-box._tcp.chronoswithaspaceandmixe.mesos.",
        "_some-box._udp.chronoswithaspaceandmixe.mesos.")) {
      b.addSrv(srv, "some-box-h3dyr-0.chronoswithaspaceandmixe.slave.mesos.", 31354);
    }
    b.endTask();

    b.beginFramework("marathon");
    b.beginTask("liquor.store", "liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5");
    liquorStore(b, "liquor-store-4dfjd-0", "10.3.0.1", "1.2.3.11", 31354, 31355);
    b.endTask();
    b.beginTask("non-human-readable-liquor-store",
        "liquor-store.b71166c1-562f-11e4-a088-c20493233aa5");
    liquorStore(b, "liquor-store-zasmd-1", "10.3.0.2", "1.2.3.12", 31737, 31738);
    b.endTask();
    b.beginTask("car.store", "car-store.43758382-562f-11e4-a088-c20493233aa5");
    add(b, "car-store.marathon.mesos.", "1.2.3.11");
    add(b, "car-store-zinaz-0.marathon.mesos.", "1.2.3.11");
    add(b, "car-store.marathon.slave.mesos.", "1.2.3.11");
    add(b, "car-store-zinaz-0.marathon.slave.mesos.", "1.2.3.11");
    for (String srv : List.of("_car-store._tcp.marathon.slave.mesos.",
        "_car-store._udp.marathon.slave.mesos.", "_car-store._tcp.marathon.mesos.",
        "_car-store._udp.marathon.mesos.")) {
      b.addSrv(srv, "car-store-zinaz-0.marathon.slave.mesos.", 31364);
      b.addSrv(srv, "car-store-zinaz-0.marathon.slave.mesos.", 31365);
    }
    b.endTask();
    return b.build(SERIAL, BUILT_AT);
  }

  /** A task with DiscoveryInfo name liquor.store and ports http/80, https/443 over tcp. */
  private static void liquorStore(SnapshotBuilder b, String canonical, String taskIp,
      String agentIp, int hostPort1, int hostPort2) {
    add(b, "liquor-store.marathon.mesos.", taskIp);
    add(b, canonical + ".marathon.mesos.", taskIp);
    add(b, "liquor-store.marathon.slave.mesos.", agentIp);
    add(b, canonical + ".marathon.slave.mesos.", agentIp);
    for (String srv : List.of("_liquor-store._tcp.marathon.slave.mesos.",
        "_liquor-store._udp.marathon.slave.mesos.")) {
      b.addSrv(srv, canonical + ".marathon.slave.mesos.", hostPort1);
      b.addSrv(srv, canonical + ".marathon.slave.mesos.", hostPort2);
    }
    b.addSrv("_liquor-store._tcp.marathon.mesos.", canonical + ".marathon.mesos.", 80);
    b.addSrv("_liquor-store._tcp.marathon.mesos.", canonical + ".marathon.mesos.", 443);
    b.addSrv("_http._liquor-store._tcp.marathon.mesos.", canonical + ".marathon.mesos.", 80);
    b.addSrv("_https._liquor-store._tcp.marathon.mesos.", canonical + ".marathon.mesos.", 443);
  }

  /** Adds an A or AAAA record from a literal (never a lookup: every value is a literal). */
  private static void add(SnapshotBuilder b, String name, String literal) {
    try {
      b.addAddress(name, InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
