package io.signpost.dns;

import io.signpost.testing.ManualFeed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.IpSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** A started {@link DnsFrontend} on 127.0.0.1 with an ephemeral port, and clients for it. */
final class DnsTestServer implements AutoCloseable {

  static final CoreSettings CORE = new CoreSettings("mesos", 60, false,
      List.of(IpSource.NETINFO, IpSource.MESOS, IpSource.HOST), 1, "ns1.mesos.",
      "root.ns1.mesos.", 60, 600, 86400, 60);

  final ManualFeed feed = new ManualFeed();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final DnsFrontend frontend;

  DnsTestServer(DnsConfig config) throws IOException {
    this(config, new DnsFrontend.Limits(2, 4, Duration.ofSeconds(2)));
  }

  DnsTestServer(DnsConfig config, DnsFrontend.Limits limits) throws IOException {
    frontend = new DnsFrontend(config, CORE, feed, registry, limits);
    frontend.start();
  }

  /**
   * A config on 127.0.0.1:0 with the given overrides. Without a {@code resolvers} override it
   * has none (not Mesos-DNS's 8.8.8.8): tests never dial anything but loopback.
   */
  static DnsConfig config(Map<String, Object> overrides) {
    return new DnsConfig("127.0.0.1", 0, (Integer) overrides.get("ttl"),
        (Boolean) overrides.get("recurseOn"), (Boolean) overrides.get("externalOn"),
        cast(overrides.getOrDefault("resolvers", List.of())), cast(overrides.get("zoneResolvers")),
        (Integer) overrides.get("timeout"), (Boolean) overrides.get("setTruncateBit"),
        cast(overrides.get("allowRecursionFrom")), cast(overrides.get("reverseZones")),
        cast(overrides.get("allowTransferFrom")), cast(overrides.get("notify")));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  /** The sample cluster most tests use. */
  static RecordSnapshot sample(long serial) throws IOException {
    SnapshotBuilder b = new SnapshotBuilder();
    b.addAddress("chronos.marathon.mesos.", ip("10.0.0.1"));
    b.addAddress("chronos.marathon.mesos.", ip("10.0.0.2"));
    b.addAddress("chronos.marathon.mesos.", ip("10.0.0.3"));
    b.addAddress("toy-store.ipv6-framework.mesos.", ip("fd01:b::1:8000:2"));
    b.addSrv("_web._tcp.marathon.mesos.", "web-a.marathon.mesos.", 80);
    b.addSrv("_web._tcp.marathon.mesos.", "web-b.marathon.mesos.", 443);
    b.addAddress("web-a.marathon.mesos.", ip("10.3.0.1"));
    b.addAddress("web-b.marathon.mesos.", ip("10.3.0.2"));
    b.addAddress("web-b.marathon.mesos.", ip("fd00::2"));
    b.addAddress("leader.mesos.", ip("10.1.0.1"));
    b.addAddress("ns1.mesos.", ip("127.0.0.1"));
    return b.build(serial, Instant.now());
  }

  static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal); // literals only: no lookup
  }

  SimpleResolver udpClient() {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", frontend.port()));
    r.setTimeout(Duration.ofSeconds(3));
    r.setIgnoreTruncation(true);
    return r;
  }

  SimpleResolver tcpClient() {
    SimpleResolver r = udpClient();
    r.setTCP(true);
    return r;
  }

  Message query(String name, int type) throws IOException {
    return udpClient().send(Message.newQuery(Record.newRecord(Name.fromString(name), type,
        DClass.IN)));
  }

  /** The additional section without the OPT pseudo-record. */
  static List<Record> additional(Message reply) {
    return reply.getSection(org.xbill.DNS.Section.ADDITIONAL).stream()
        .filter(r -> r.getType() != org.xbill.DNS.Type.OPT).toList();
  }

  @Override
  public void close() {
    frontend.close();
  }
}
