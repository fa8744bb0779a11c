package io.signpost.core.naming;

import static io.signpost.core.naming.Lookups.a;
import static io.signpost.core.naming.Lookups.aaaa;
import static io.signpost.core.naming.Lookups.srv;
import static io.signpost.core.naming.Models.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.CoreSettings;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.IpSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole Mesos-DNS fixture, with the resolver-test setup of the behaviour spec §11. */
class FakeStateTest {

  static final CoreSettings SETTINGS = Models.settings("mesos", true,
      IpSource.NETINFO, IpSource.DOCKER, IpSource.MESOS, IpSource.HOST);

  private final RecordSnapshot s = Models.generate(SETTINGS, FakeState.report());

  @Test
  void sameNameCountsAsMesosDns() {
    assertThat(Lookups.namesWithA(s)).hasSize(51);
    assertThat(Lookups.namesWithAaaa(s)).hasSize(6);
    assertThat(Lookups.namesWithSrv(s)).hasSize(46);
  }

  @Test
  void recordsThatDoNotComeFromTasks() {
    assertThat(a(s, "leader.mesos.")).containsExactly("1.2.3.4");
    assertThat(a(s, "master.mesos.")).containsExactlyInAnyOrder("1.2.3.4", "144.76.157.37");
    assertThat(a(s, "master0.mesos.")).containsExactly("144.76.157.37");
    assertThat(a(s, "master1.mesos.")).containsExactly("1.2.3.4");
    assertThat(srv(s, "_leader._tcp.mesos.")).containsExactly("leader.mesos.:5050");
    assertThat(srv(s, "_leader._udp.mesos.")).containsExactly("leader.mesos.:5050");
    assertThat(a(s, "slave.mesos.")).containsExactlyInAnyOrder("1.2.3.10", "1.2.3.11", "1.2.3.12");
    assertThat(aaaa(s, "slave.mesos.")).containsExactly(ip("2001:db8::1"));
    assertThat(srv(s, "_slave._tcp.mesos.")).containsExactly("slave.mesos.:5051");
    assertThat(a(s, "marathon.mesos.")).containsExactly("1.2.3.11");
    assertThat(srv(s, "_framework._tcp.marathon.mesos.")).containsExactly("marathon.mesos.:25501");
    assertThat(a(s, "chronoswithaspaceandmixe.mesos.")).containsExactly("1.2.3.12");
    assertThat(srv(s, "_framework._tcp.chronoswithaspaceandmixe.mesos."))
        .containsExactly("chronoswithaspaceandmixe.mesos.:25501");
    assertThat(aaaa(s, "ipv6-framework.mesos.")).containsExactly(ip("2001:db8::1"));
    assertThat(srv(s, "_framework._tcp.ipv6-framework.mesos."))
        .containsExactly("ipv6-framework.mesos.:25501");
    assertThat(a(s, "nopid.mesos.")).containsExactly("127.0.0.1");
    assertThat(s.lookup("_framework._tcp.nopid.mesos.")).isNull();
    assertThat(a(s, "mesos-dns.mesos.")).containsExactly("127.0.0.1");
  }

  @Test
  void toyStore() {
    for (String name : List.of("toy-store.ipv6-framework.mesos.",
        "toy-store-go588-3.ipv6-framework.mesos.")) {
      assertThat(a(s, name)).containsExactlyInAnyOrder("12.0.1.2", "12.0.1.3");
      assertThat(aaaa(s, name)).containsExactly(ip("fd01:b::1:8000:2"));
    }
    for (String name : List.of("toy-store.ipv6-framework.slave.mesos.",
        "toy-store-go588-3.ipv6-framework.slave.mesos.")) {
      assertThat(aaaa(s, name)).containsExactly(ip("2001:db8::1"));
      assertThat(a(s, name)).isEmpty();
    }
    for (String name : List.of("_toy-store._tcp.ipv6-framework.mesos.",
        "_toy-store._udp.ipv6-framework.mesos.", "_toy-store._tcp.ipv6-framework.slave.mesos.",
        "_toy-store._udp.ipv6-framework.slave.mesos.")) {
      assertThat(srv(s, name)).containsExactlyInAnyOrder(
          "toy-store-go588-3.ipv6-framework.slave.mesos.:31354",
          "toy-store-go588-3.ipv6-framework.slave.mesos.:31355");
    }
  }

  @Test
  void someBox() {
    for (String name : List.of("some-box.chronoswithaspaceandmixe.mesos.",
        "some-box-h3dyr-0.chronoswithaspaceandmixe.mesos.",
        "some-box.chronoswithaspaceandmixe.slave.mesos.",
        "some-box-h3dyr-0.chronoswithaspaceandmixe.slave.mesos.")) {
      assertThat(a(s, name)).containsExactly("1.2.3.11");
    }
    assertThat(srv(s, "_some-box._udp.chronoswithaspaceandmixe.mesos."))
        .containsExactly("some-box-h3dyr-0.chronoswithaspaceandmixe.slave.mesos.:31354");
  }

  @Test
  void pointsWorthNoticing() {
    assertThat(s.names()).noneMatch(n -> n.contains("poseidon"));
    assertThat(a(s, "nginx.marathon.mesos.")).containsExactly("10.3.0.3");
    assertThat(s.names()).noneMatch(n -> n.startsWith("_nginx."));
    assertThat(a(s, "big-dog.marathon.mesos.")).containsExactly("10.3.0.1");
    assertThat(a(s, "big-dog-4dfjd-0.marathon.mesos.")).containsExactly("10.3.0.1");
    assertThat(a(s, "big.dog.marathon.mesos.")).containsExactly("10.3.0.1");
    assertThat(srv(s, "_http._big.dog._tcp.marathon.mesos."))
        .containsExactly("big.dog-4dfjd-0.marathon.mesos.:80");
    assertThat(a(s, "liquor-store.marathon.mesos.")).containsExactlyInAnyOrder("10.3.0.1", "10.3.0.2");
    assertThat(a(s, "liquor-store.marathon.slave.mesos."))
        .containsExactlyInAnyOrder("1.2.3.11", "1.2.3.12");
    assertThat(a(s, "liquor-store-zasmd-1.marathon.mesos.")).containsExactly("10.3.0.2");
  }

  @Test
  void productionDefaultsUseAgentIpsAndLongFrameworkName() {
    RecordSnapshot d = Models.generate(Models.defaults(), FakeState.report());
    assertThat(a(d, "liquor-store.marathon.mesos.")).containsExactlyInAnyOrder("1.2.3.11", "1.2.3.12");
    assertThat(a(d, "big-dog.marathon.mesos.")).containsExactly("1.2.3.11");
    assertThat(a(d, "chronoswithaspaceandmixedcase-2.0.1.mesos.")).containsExactly("1.2.3.12");
  }

  @Test
  void enumerationFollowsTheFrameworkOrder() {
    assertThat(s.enumeration()).extracting(EnumeratedFramework::name).containsExactly(
        "ipv6-framework", FakeState.CHRONOS, "no pid", "marathon");
    assertThat(s.enumeration().get(2).tasks()).isEmpty();
    assertThat(s.enumeration().get(3).tasks()).extracting(EnumeratedFramework.EnumeratedTask::name)
        .containsExactly("liquor.store", "big.dog2", "non-human-readable-liquor-store",
            "car.store", "chronos", "nginx", "reviewbot");
  }
}
