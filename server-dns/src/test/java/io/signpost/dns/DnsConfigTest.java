package io.signpost.dns;

import io.signpost.testing.ManualFeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.FrontendProvider;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The {@code servers.dns} section: defaults, validation, binding and plugin registration. */
class DnsConfigTest {

  @Test
  void defaultsAreSafe() {
    DnsConfig c = DnsConfig.defaults();
    assertThat(c.listener()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(53);
    assertThat(c.ttl()).isNull();
    assertThat(c.recurseOn()).isTrue();
    assertThat(c.externalOn()).isTrue();
    assertThat(c.resolvers()).containsExactly("8.8.8.8"); // Mesos-DNS's default
    assertThat(c.zoneResolvers()).isEmpty();
    assertThat(c.timeout()).isEqualTo(5);
    assertThat(c.setTruncateBit()).isTrue();
    assertThat(c.allowRecursionFrom()).containsExactly("127.0.0.0/8", "::1/128", "10.0.0.0/8",
        "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
    assertThat(c.allowTransferFrom()).containsExactly("127.0.0.0/8", "::1/128");
    assertThat(c.reverseZones()).isEmpty();
    assertThat(c.notifyTargets()).isEmpty();
  }

  @Test
  void yamlBindsEveryKeyAndRejectsUnknownOnes() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    DnsConfig c = yaml.readValue("""
        listener: 127.0.0.1
        port: 5353
        ttl: 30
        recurseOn: false
        externalOn: false
        resolvers: ["10.0.0.53", "10.0.0.54:5353", "[fd00::53]:53"]
        zoneResolvers: {weave: ["172.17.0.1"]}
        timeout: 0
        setTruncateBit: false
        allowRecursionFrom: ["10.0.0.0/8"]
        reverseZones: ["10.in-addr.arpa"]
        allowTransferFrom: ["127.0.0.1"]
        notify: ["127.0.0.1:5300"]
        """, DnsConfig.class);
    assertThat(c.port()).isEqualTo(5353);
    assertThat(c.ttl()).isEqualTo(30);
    assertThat(c.timeout()).isEqualTo(5);
    assertThat(c.zoneResolvers()).containsKey("weave.");
    assertThat(c.reverseZones()).containsExactly("10.in-addr.arpa.");
    assertThat(c.notifyTargets()).containsExactly("127.0.0.1:5300");
    assertThatThrownBy(() -> yaml.readValue("bogus: 1", DnsConfig.class))
        .hasMessageContaining("bogus");
  }

  @Test
  void badValuesGetClearMessages() {
    assertThatThrownBy(() -> new DnsConfig("dns.example", null, null, null, null, null, null,
        null, null, null, null, null, null)).hasMessageContaining("listener")
        .hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> new DnsConfig(null, 70000, null, null, null, null, null, null,
        null, null, null, null, null)).hasMessageContaining("port");
    assertThatThrownBy(() -> new DnsConfig(null, null, null, null, null,
        List.of("8.8.8.8:99999"), null, null, null, null, null, null, null))
        .hasMessageContaining("resolvers").hasMessageContaining("port");
    assertThatThrownBy(() -> new DnsConfig(null, null, null, null, null, null, null, null,
        null, List.of("10.0.0.0/33"), null, null, null))
        .hasMessageContaining("allowRecursionFrom");
    assertThatThrownBy(() -> new DnsConfig(null, null, null, null, null, null, null, null,
        null, null, List.of("mesos"), null, null)).hasMessageContaining("reverseZones");
  }

  @Test
  void anExplicitEmptyResolverListMeansNoUpstream() {
    assertThat(config(Map.of("resolvers", List.of())).resolvers()).isEmpty();
  }

  @Test
  void defaultRecursionRangesAreLoopbackAndPrivateOnly() throws Exception {
    List<Cidr> ranges = Cidr.parseAll("k", DnsConfig.defaults().allowRecursionFrom());
    for (String inside : List.of("127.0.0.1", "127.255.255.254", "::1", "10.0.0.1",
        "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.255",
        "fc00::1", "fd12:3456::1")) {
      assertThat(Cidr.anyContains(ranges, DnsTestServer.ip(inside))).as(inside).isTrue();
    }
    for (String outside : List.of("8.8.8.8", "11.0.0.1", "172.15.255.255", "172.32.0.1",
        "192.169.0.1", "100.64.0.1", "2001:db8::1", "fe80::1", "::2")) {
      assertThat(Cidr.anyContains(ranges, DnsTestServer.ip(outside))).as(outside).isFalse();
    }
    List<Cidr> transfer = Cidr.parseAll("k", DnsConfig.defaults().allowTransferFrom());
    assertThat(Cidr.anyContains(transfer, DnsTestServer.ip("127.0.0.1"))).isTrue();
    assertThat(Cidr.anyContains(transfer, DnsTestServer.ip("::1"))).isTrue();
    assertThat(Cidr.anyContains(transfer, DnsTestServer.ip("10.0.0.1"))).isFalse();
  }

  private static DnsConfig config(Map<String, Object> keys) {
    Map<String, Object> all = new java.util.HashMap<>(keys);
    return new DnsConfig((String) all.get("listener"), (Integer) all.get("port"),
        (Integer) all.get("ttl"), null, null, cast(all.get("resolvers")),
        cast(all.get("zoneResolvers")), (Integer) all.get("timeout"), null,
        cast(all.get("allowRecursionFrom")), cast(all.get("reverseZones")),
        cast(all.get("allowTransferFrom")), cast(all.get("notify")));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  @Test
  void everyKeyIsValidatedWithAMessageNamingIt() {
    assertThatThrownBy(() -> config(Map.of("ttl", -1)))
        .hasMessage("servers.dns.ttl: -1 is negative");
    assertThatThrownBy(() -> config(Map.of("timeout", -2)))
        .hasMessage("servers.dns.timeout: -2 is negative");
    assertThatThrownBy(() -> config(Map.of("port", -1)))
        .hasMessage("servers.dns.port: -1 is not in 0..65535");
    assertThatThrownBy(() -> config(Map.of("resolvers", List.of("dns.google"))))
        .hasMessage("servers.dns.resolvers: 'dns.google' is not an IP address");
    assertThatThrownBy(() -> config(Map.of("resolvers", List.of("10.0.0.2", "10.0.0.2:53"))))
        .hasMessage("servers.dns.resolvers: '10.0.0.2:53' is the same upstream as '10.0.0.2'");
    assertThatThrownBy(() -> config(Map.of("zoneResolvers", Map.of("weave", List.of()))))
        .hasMessage("servers.dns.zoneResolvers.weave: a zone needs at least one upstream");
    assertThatThrownBy(() -> config(Map.of("zoneResolvers", Map.of("weave", List.of("x:1")))))
        .hasMessage("servers.dns.zoneResolvers.weave: 'x:1' is not an IP address");
    assertThatThrownBy(() -> config(Map.of("zoneResolvers", Map.of("a..b", List.of("10.0.0.1")))))
        .hasMessageStartingWith("servers.dns.zoneResolvers: 'a..b' is not a domain name");
    assertThatThrownBy(() -> config(Map.of("zoneResolvers",
        Map.of("weave", List.of("10.0.0.1"), "Weave.", List.of("10.0.0.2")))))
        .hasMessage("servers.dns.zoneResolvers: zone 'weave.' is listed twice");
    assertThatThrownBy(() -> config(Map.of("allowTransferFrom", List.of("10.0.0.0/x"))))
        .hasMessage(
            "servers.dns.allowTransferFrom: '10.0.0.0/x' has a prefix length outside 0..32");
    assertThatThrownBy(() -> config(Map.of("allowRecursionFrom", List.of("internal"))))
        .hasMessage("servers.dns.allowRecursionFrom: 'internal' is not an IP address or CIDR");
    assertThatThrownBy(() -> config(Map.of("reverseZones", List.of("10.in-addr.arpa", ""))))
        .hasMessage("servers.dns.reverseZones: empty zone name");
    assertThatThrownBy(() -> config(Map.of("notify", List.of("127.0.0.1:0"))))
        .hasMessage("servers.dns.notify: '127.0.0.1:0' has an invalid port");
    assertThatThrownBy(() -> config(Map.of("notify", List.of("[::1"))))
        .hasMessage("servers.dns.notify: '[::1' has no closing ']'");
  }

  @Test
  void hostPortForms() {
    assertThat(DnsConfig.parseHostPort("k", "10.0.0.1"))
        .isEqualTo(new InetSocketAddress("10.0.0.1", 53));
    assertThat(DnsConfig.parseHostPort("k", "10.0.0.1:5353").getPort()).isEqualTo(5353);
    assertThat(DnsConfig.parseHostPort("k", "::1").getPort()).isEqualTo(53);
    assertThat(DnsConfig.parseHostPort("k", "[::1]:5300").getPort()).isEqualTo(5300);
  }

  @Test
  void cidrMatching() throws Exception {
    Cidr c = Cidr.parse("k", "172.16.0.0/12");
    assertThat(c.contains(DnsTestServer.ip("172.31.255.1"))).isTrue();
    assertThat(c.contains(DnsTestServer.ip("172.32.0.1"))).isFalse();
    assertThat(Cidr.parse("k", "fc00::/7").contains(DnsTestServer.ip("fd12::1"))).isTrue();
    assertThat(Cidr.parse("k", "fc00::/7").contains(DnsTestServer.ip("10.0.0.1"))).isFalse();
  }

  @Test
  void providerIsRegisteredUnderItsName() {
    @SuppressWarnings("rawtypes")
    List<FrontendProvider> providers = ServiceLoader.load(FrontendProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    assertThat(providers).anySatisfy(p -> {
      assertThat(p.name()).isEqualTo("dns");
      assertThat(p.configClass()).isEqualTo(DnsConfig.class);
    });
  }

  @Test
  void ownRecordsFollowTheListener() {
    DnsFrontend loopback = new DnsFrontend(DnsTestServer.config(java.util.Map.of()),
        DnsTestServer.CORE, new ManualFeed(), new SimpleMeterRegistry());
    assertThat(loopback.ownRecords())
        .containsExactly(new PlainRecord("ns1.mesos.", RecordType.A, "127.0.0.1"));
    DnsFrontend v6 = new DnsFrontend(new DnsConfig("fd00::5", null, null, null, null, null,
        null, null, null, null, null, null, null), DnsTestServer.CORE, new ManualFeed(),
        new SimpleMeterRegistry());
    assertThat(v6.ownRecords())
        .containsExactly(new PlainRecord("ns1.mesos.", RecordType.AAAA, "fd00:0:0:0:0:0:0:5"));
    DnsFrontend any = new DnsFrontend(DnsConfig.defaults(), DnsTestServer.CORE, new ManualFeed(),
        new SimpleMeterRegistry());
    assertThat(any.ownRecords()).allSatisfy(r -> {
      assertThat(r.name()).isEqualTo("ns1.mesos.");
      assertThat(r.value()).doesNotStartWith("127.").isNotEqualTo("0:0:0:0:0:0:0:1")
          .doesNotContain("%");
    });
  }
}
