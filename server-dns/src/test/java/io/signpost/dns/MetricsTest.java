package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
