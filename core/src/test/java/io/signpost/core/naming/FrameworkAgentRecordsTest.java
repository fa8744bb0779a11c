package io.signpost.core.naming;

import static io.signpost.core.naming.Lookups.a;
import static io.signpost.core.naming.Lookups.aaaa;
import static io.signpost.core.naming.Lookups.srv;
import static io.signpost.core.naming.Models.ip;
import static io.signpost.core.naming.Models.ips;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framework (§5.4) and agent (§5.5) records. */
class FrameworkAgentRecordsTest {

  private static RecordSnapshot generate(boolean rfc952, List<Framework> frameworks,
      List<Agent> agents) {
    return Models.generate(Models.settings("mesos", rfc952, IpSource.HOST),
        new SourceReport(frameworks, agents, List.of(), Masters.NONE, List.of()));
  }

  @Test
  void frameworkWithPid() {
    RecordSnapshot s = generate(false,
        List.of(new Framework("id", "marathon", "google.com", ips("1.2.3.11"), 25501)),
        List.of());
    assertThat(a(s, "marathon.mesos.")).containsExactly("1.2.3.11");
    assertThat(srv(s, "_framework._tcp.marathon.mesos.")).containsExactly("marathon.mesos.:25501");
    assertThat(s.lookup("_framework._udp.marathon.mesos.")).isNull();
  }

  @Test
  void frameworkWithoutPidHasNoSrv() {
    RecordSnapshot s = generate(false,
        List.of(new Framework("", "no pid", "localhost", ips("127.0.0.1", "::1"), 0)), List.of());
    assertThat(a(s, "nopid.mesos.")).containsExactly("127.0.0.1");
    assertThat(aaaa(s, "nopid.mesos.")).containsExactly(ip("::1"));
    assertThat(s.names()).containsExactly("nopid.mesos.");
  }

  @Test
  void frameworkWithoutAddressesHasNoRecords() {
    RecordSnapshot s = generate(false,
        List.of(new Framework("", "ghost", "unresolvable.invalid", List.of(), 25501)), List.of());
    assertThat(s.names()).isEmpty();
  }

  @Test
  void frameworkNamesKeepDotsAndFollowTheRfcMode() {
    List<Framework> frameworks = List.of(
        new Framework("", "chronos with a space AND MIXED CASE-2.0.1", "", ips("1.2.3.12"), 25501),
        new Framework("", "ipv6-framework", "", ips("2001:db8::1"), 25501),
        new Framework("", "marathon.prod", "", ips("1.2.3.13"), 0));
    RecordSnapshot rfc952 = generate(true, frameworks, List.of());
    assertThat(a(rfc952, "chronoswithaspaceandmixe.mesos.")).containsExactly("1.2.3.12");
    assertThat(srv(rfc952, "_framework._tcp.chronoswithaspaceandmixe.mesos."))
        .containsExactly("chronoswithaspaceandmixe.mesos.:25501");
    assertThat(aaaa(rfc952, "ipv6-framework.mesos.")).containsExactly(ip("2001:db8::1"));
    assertThat(srv(rfc952, "_framework._tcp.ipv6-framework.mesos."))
        .containsExactly("ipv6-framework.mesos.:25501");
    assertThat(a(rfc952, "marathon.prod.mesos.")).containsExactly("1.2.3.13");

    RecordSnapshot rfc1123 = generate(false, frameworks, List.of());
    assertThat(a(rfc1123, "chronoswithaspaceandmixedcase-2.0.1.mesos."))
        .containsExactly("1.2.3.12");
  }

  @Test
  void frameworksWithEqualSanitisedNamesMerge() {
    RecordSnapshot s = generate(false, List.of(
        new Framework("", "Marathon", "", ips("1.2.3.1"), 8080),
        new Framework("", "marathon", "", ips("1.2.3.2"), 8080)), List.of());
    assertThat(a(s, "marathon.mesos.")).containsExactlyInAnyOrder("1.2.3.1", "1.2.3.2");
    assertThat(srv(s, "_framework._tcp.marathon.mesos.")).containsExactly("marathon.mesos.:8080");
  }

  @Test
  void agents() {
    RecordSnapshot s = generate(false, List.of(), List.of(
        new Agent("a-1", "h1", ips("1.2.3.10"), 5051),
        new Agent("a-2", "h2", ips("1.2.3.11"), 5051),
        new Agent("a-3", "h3", ips("2001:db8::1"), 5052),
        new Agent("a-4", "h4", ips("1.2.3.12"), 0),
        new Agent("a-5", "unresolvable", List.of(), 5053)));
    assertThat(a(s, "slave.mesos.")).containsExactlyInAnyOrder("1.2.3.10", "1.2.3.11", "1.2.3.12");
    assertThat(aaaa(s, "slave.mesos.")).containsExactly(ip("2001:db8::1"));
    assertThat(srv(s, "_slave._tcp.mesos."))
        .containsExactlyInAnyOrder("slave.mesos.:5051", "slave.mesos.:5052");
    assertThat(s.lookup("_slave._udp.mesos.")).isNull();
    // No per-agent names.
    assertThat(s.names()).containsExactlyInAnyOrder("slave.mesos.", "_slave._tcp.mesos.");
  }

  @Test
  void ipv4MappedIpv6BecomesA() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 9, 9, 9, 9};
    java.net.Inet6Address v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
    RecordSnapshot s = generate(false, List.of(), List.of(new Agent("a-1", "", List.of(v6), 0)));
    assertThat(a(s, "slave.mesos.")).containsExactly("9.9.9.9");
    assertThat(aaaa(s, "slave.mesos.")).isEmpty();
  }
}
