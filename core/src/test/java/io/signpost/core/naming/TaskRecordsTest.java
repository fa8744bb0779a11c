package io.signpost.core.naming;

import static io.signpost.core.naming.Lookups.a;
import static io.signpost.core.naming.Lookups.aaaa;
import static io.signpost.core.naming.Lookups.srv;
import static io.signpost.core.naming.Models.ip;
import static io.signpost.core.naming.Models.ips;
import static io.signpost.core.naming.Models.task;
import static io.signpost.core.naming.Models.taskIp;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.CoreSettings;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.EnumeratedFramework.EnumeratedRecord;
import io.signpost.spi.EnumeratedFramework.EnumeratedTask;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Task records (behaviour spec §5.8). */
class TaskRecordsTest {

  /** The fixture's settings: RFC 952 and IP sources netinfo, docker, mesos, host. */
  private static final CoreSettings FIXTURE = Models.settings("mesos", true,
      IpSource.NETINFO, IpSource.DOCKER, IpSource.MESOS, IpSource.HOST);

  private static final Agent AGENT_1 = new Agent("a-1", "h1", ips("1.1.1.1"), 0);
  private static final Agent AGENT_2 = new Agent("a-2", "h2", ips("1.1.1.2"), 0);

  /** A report of one framework without addresses (so it adds no names) and the given tasks. */
  private static SourceReport report(List<Agent> agents, Task... tasks) {
    return new SourceReport(List.of(new Framework("", "marathon", "", List.of(), 0)),
        agents, List.of(tasks), Masters.NONE, List.of());
  }

  private static RecordSnapshot generate(CoreSettings settings, List<Agent> agents,
      Task... tasks) {
    return Models.generate(settings, report(agents, tasks));
  }

  private static Task simple(String id, String name, String agent, Integer... ports) {
    return task(id, name, "marathon", agent, List.of(ports), List.of(), null);
  }

  @Test
  void carStoreWorkedExample() {
    Agent agent = new Agent(FakeState.AGENT_11, "", ips("1.2.3.11"), 0);
    RecordSnapshot s = generate(FIXTURE, List.of(agent), FakeState.carStore());
    for (String name : List.of("car-store.marathon.mesos.", "car-store-zinaz-0.marathon.mesos.",
        "car-store.marathon.slave.mesos.", "car-store-zinaz-0.marathon.slave.mesos.")) {
      assertThat(a(s, name)).as(name).containsExactly("1.2.3.11");
    }
    for (String name : List.of("_car-store._tcp.marathon.slave.mesos.",
        "_car-store._udp.marathon.slave.mesos.", "_car-store._tcp.marathon.mesos.",
        "_car-store._udp.marathon.mesos.")) {
      assertThat(srv(s, name)).as(name).containsExactlyInAnyOrder(
          "car-store-zinaz-0.marathon.slave.mesos.:31364",
          "car-store-zinaz-0.marathon.slave.mesos.:31365");
    }
    assertThat(s.names()).hasSize(8 + 1); // and slave.mesos.
  }

  @Test
  void liquorStoreWorkedExample() {
    Agent agent = new Agent(FakeState.AGENT_11, "", ips("1.2.3.11"), 0);
    RecordSnapshot s = generate(FIXTURE, List.of(agent), FakeState.liquorStore());
    assertThat(a(s, "liquor-store.marathon.mesos.")).containsExactly("10.3.0.1");
    assertThat(a(s, "liquor-store-4dfjd-0.marathon.mesos.")).containsExactly("10.3.0.1");
    assertThat(a(s, "liquor-store.marathon.slave.mesos.")).containsExactly("1.2.3.11");
    assertThat(a(s, "liquor-store-4dfjd-0.marathon.slave.mesos.")).containsExactly("1.2.3.11");
    for (String proto : List.of("_tcp", "_udp")) {
      assertThat(srv(s, "_liquor-store." + proto + ".marathon.slave.mesos."))
          .containsExactlyInAnyOrder("liquor-store-4dfjd-0.marathon.slave.mesos.:31354",
              "liquor-store-4dfjd-0.marathon.slave.mesos.:31355");
    }
    assertThat(srv(s, "_liquor-store._tcp.marathon.mesos.")).containsExactlyInAnyOrder(
        "liquor-store-4dfjd-0.marathon.mesos.:80", "liquor-store-4dfjd-0.marathon.mesos.:443");
    assertThat(srv(s, "_http._liquor-store._tcp.marathon.mesos."))
        .containsExactly("liquor-store-4dfjd-0.marathon.mesos.:80");
    assertThat(srv(s, "_https._liquor-store._tcp.marathon.mesos."))
        .containsExactly("liquor-store-4dfjd-0.marathon.mesos.:443");
    assertThat(s.lookup("_liquor-store._udp.marathon.mesos.")).isNull();

    // The legacy pass with the raw DiscoveryInfo name (kept: "liquor.store" is legal).
    assertThat(a(s, "liquor.store.marathon.mesos.")).containsExactly("10.3.0.1");
    assertThat(a(s, "liquor.store-4dfjd-0.marathon.slave.mesos.")).containsExactly("1.2.3.11");
    assertThat(srv(s, "_liquor.store._tcp.marathon.mesos.")).containsExactlyInAnyOrder(
        "liquor.store-4dfjd-0.marathon.mesos.:80", "liquor.store-4dfjd-0.marathon.mesos.:443");
    assertThat(srv(s, "_http._liquor.store._tcp.marathon.mesos."))
        .containsExactly("liquor.store-4dfjd-0.marathon.mesos.:80");
    assertThat(s.lookup("_liquor.store._tcp.marathon.slave.mesos.")).isNotNull();
    assertThat(s.names()).hasSize(9 + 9 + 1); // two passes, and slave.mesos.
  }

  @Test
  void discoveryPortForms() {
    Discovery discovery = new Discovery("web", List.of(
        new PortMapping(8080, "", ""),
        new PortMapping(53, "UDP", "dns"),
        new PortMapping(9000, "tcp", "Metrics_Port")));
    Task t = task("web.1", "ignored-task-name", "marathon", "a-1", List.of(31000),
        List.of(taskIp("10.0.0.5", IpSource.NETINFO)), discovery);
    RecordSnapshot s = generate(Models.defaults(), List.of(AGENT_1), t);
    String c = "web-" + TaskHash.hash5("web.1") + "-1";
    String target = c + ".marathon.mesos.:";
    assertThat(srv(s, "_web._tcp.marathon.mesos."))
        .containsExactlyInAnyOrder(target + 8080, target + 9000);
    assertThat(srv(s, "_web._udp.marathon.mesos."))
        .containsExactlyInAnyOrder(target + 8080, target + 53);
    assertThat(srv(s, "_dns._web._udp.marathon.mesos.")).containsExactly(target + 53);
    assertThat(s.lookup("_dns._web._tcp.marathon.mesos.")).isNull();
    assertThat(srv(s, "_metrics-port._web._tcp.marathon.mesos.")).containsExactly(target + 9000);
    // Resource ports only under .slave with DiscoveryInfo; DI ports never under .slave.
    assertThat(srv(s, "_web._tcp.marathon.slave.mesos."))
        .containsExactly(c + ".marathon.slave.mesos.:31000");
    assertThat(srv(s, "_web._udp.marathon.slave.mesos."))
        .containsExactly(c + ".marathon.slave.mesos.:31000");
    // The DiscoveryInfo name replaces the task name.
    assertThat(a(s, "web.marathon.mesos.")).containsExactly("10.0.0.5");
    assertThat(s.names()).noneMatch(n -> n.contains("ignored"));
  }

  @Test
  void discoveryWithoutNameCountsAsNone() {
    Discovery unnamed = new Discovery("", List.of(new PortMapping(80, "tcp", "http")));
    Task t = task("api.1", "api", "marathon", "a-1", List.of(31000), List.of(), unnamed);
    RecordSnapshot s = generate(Models.defaults(), List.of(AGENT_1), t);
    String c = "api-" + TaskHash.hash5("api.1") + "-1";
    assertThat(srv(s, "_api._tcp.marathon.mesos."))
        .containsExactly(c + ".marathon.slave.mesos.:31000");
    assertThat(s.lookup("_http._api._tcp.marathon.mesos.")).isNull();
  }

  @Test
  void taskWithoutPortsHasNoSrv() {
    RecordSnapshot s = generate(Models.defaults(), List.of(AGENT_1), simple("n.1", "nginx", "a-1"));
    assertThat(Lookups.namesWithSrv(s)).isEmpty();
    assertThat(a(s, "nginx.marathon.mesos.")).containsExactly("1.1.1.1");
  }

  @Test
  void ipSourcesFirstSourceWithAnyIpWinsWithAllItsIps() {
    Task t = task("t.1", "multi", "marathon", "a-1", List.of(), List.of(
        taskIp("10.0.0.1", IpSource.NETINFO), taskIp("10.0.0.2", IpSource.NETINFO),
        taskIp("10.0.1.1", IpSource.MESOS), taskIp("fd00::1", IpSource.MESOS)), null);
    List<Agent> agents = List.of(AGENT_1);

    RecordSnapshot netinfo = generate(Models.defaults(), agents, t);
    assertThat(a(netinfo, "multi.marathon.mesos.")).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
    assertThat(aaaa(netinfo, "multi.marathon.mesos.")).isEmpty();

    RecordSnapshot mesos = generate(
        Models.settings("mesos", false, IpSource.MESOS, IpSource.NETINFO), agents, t);
    assertThat(a(mesos, "multi.marathon.mesos.")).containsExactly("10.0.1.1");
    assertThat(aaaa(mesos, "multi.marathon.mesos.")).containsExactly(ip("fd00::1"));

    RecordSnapshot host = generate(
        Models.settings("mesos", false, IpSource.DOCKER, IpSource.HOST, IpSource.MESOS),
        agents, t);
    assertThat(a(host, "multi.marathon.mesos.")).containsExactly("1.1.1.1");

    // No source yields: no T.F.D or C.F.D records, but the .slave ones stay.
    RecordSnapshot none = generate(Models.settings("mesos", false, IpSource.DOCKER), agents, t);
    assertThat(none.lookup("multi.marathon.mesos.")).isNull();
    assertThat(a(none, "multi.marathon.slave.mesos.")).containsExactly("1.1.1.1");
  }

  @Test
  void ipv6AgentAndTask() {
    Agent v6 = new Agent("x-3", "", ips("2001:db8::1"), 5051);
    Task t = task("t.6", "six", "marathon", "x-3", List.of(),
        List.of(taskIp("fd01:b::1:8000:2", IpSource.NETINFO), taskIp("12.0.1.2", IpSource.NETINFO)),
        null);
    RecordSnapshot s = generate(Models.defaults(), List.of(v6), t);
    assertThat(a(s, "six.marathon.mesos.")).containsExactly("12.0.1.2");
    assertThat(aaaa(s, "six.marathon.mesos.")).containsExactly(ip("fd01:b::1:8000:2"));
    assertThat(aaaa(s, "six.marathon.slave.mesos.")).containsExactly(ip("2001:db8::1"));
    assertThat(a(s, "six.marathon.slave.mesos.")).isEmpty();
  }

  @Test
  void onlyRunningTasksOnKnownAgentsHealthIgnored() {
    Task staging = Models.withState(simple("s.1", "staging", "a-1"), "TASK_STAGING");
    Task lost = simple("l.1", "lost", "a-unknown");
    Task unhealthy = new Task("u.1", "sick", "marathon", Task.RUNNING, "a-1", List.of(),
        List.of(), List.of(), null, Health.UNHEALTHY, Map.of());
    RecordSnapshot s = generate(Models.defaults(), List.of(AGENT_1), staging, lost, unhealthy);
    assertThat(s.names()).noneMatch(n -> n.contains("staging") || n.contains("lost"));
    assertThat(a(s, "sick.marathon.mesos.")).containsExactly("1.1.1.1");
  }

  @Test
  void hostAddressesStandInForAnUnknownAgent() {
    Task t = Models.withHostAddresses(simple("h.1", "hosted", "a-9", 31000), ips("1.9.9.9"));
    RecordSnapshot s = generate(Models.defaults(), List.of(), t);
    assertThat(a(s, "hosted.marathon.mesos.")).containsExactly("1.9.9.9");
    String c = "hosted-" + TaskHash.hash5("h.1") + "-9";
    assertThat(a(s, c + ".marathon.slave.mesos.")).containsExactly("1.9.9.9");
    assertThat(srv(s, "_hosted._tcp.marathon.mesos."))
        .containsExactly(c + ".marathon.slave.mesos.:31000");
  }

  @Test
  void duplicateTaskNamesMergeAndCanonicalNamesStayApart() {
    Task one = simple("web.1", "web", "a-1", 31000);
    Task two = simple("web.2", "web", "a-2", 31001);
    RecordSnapshot s = generate(Models.defaults(), List.of(AGENT_1, AGENT_2), one, two);
    assertThat(a(s, "web.marathon.mesos.")).containsExactlyInAnyOrder("1.1.1.1", "1.1.1.2");
    assertThat(a(s, "web.marathon.slave.mesos.")).containsExactlyInAnyOrder("1.1.1.1", "1.1.1.2");
    String c1 = "web-" + TaskHash.hash5("web.1") + "-1";
    String c2 = "web-" + TaskHash.hash5("web.2") + "-2";
    assertThat(a(s, c1 + ".marathon.mesos.")).containsExactly("1.1.1.1");
    assertThat(a(s, c2 + ".marathon.mesos.")).containsExactly("1.1.1.2");
    assertThat(srv(s, "_web._tcp.marathon.mesos.")).containsExactlyInAnyOrder(
        c1 + ".marathon.slave.mesos.:31000", c2 + ".marathon.slave.mesos.:31001");
  }

  @Test
  void enumerationListsRecordsUnderTheFirstTaskAndFrameworksWithoutTasks() {
    Task one = simple("web.1", "web", "a-1");
    Task two = simple("web.2", "web", "a-1");
    SourceReport report = new SourceReport(
        List.of(new Framework("", "idle", "", List.of(), 0),
            new Framework("", "marathon", "", List.of(), 0)),
        List.of(AGENT_1), List.of(one, two, Models.withFramework(simple("x.1", "extra", "a-1"), "other")), Masters.NONE, List.of());
    RecordSnapshot s = Models.generate(Models.defaults(), report);
    List<EnumeratedFramework> enumeration = s.enumeration();
    assertThat(enumeration).extracting(EnumeratedFramework::name)
        .containsExactly("idle", "marathon", "other");
    assertThat(enumeration.get(0).tasks()).isEmpty();
    List<EnumeratedTask> tasks = enumeration.get(1).tasks();
    assertThat(tasks).extracting(EnumeratedTask::id).containsExactly("web.1", "web.2");
    String c1 = "web-" + TaskHash.hash5("web.1") + "-1";
    String c2 = "web-" + TaskHash.hash5("web.2") + "-1";
    assertThat(tasks.get(0).records()).containsExactly(
        new EnumeratedRecord("web.marathon.mesos.", "1.1.1.1", "A"),
        new EnumeratedRecord(c1 + ".marathon.mesos.", "1.1.1.1", "A"),
        new EnumeratedRecord("web.marathon.slave.mesos.", "1.1.1.1", "A"),
        new EnumeratedRecord(c1 + ".marathon.slave.mesos.", "1.1.1.1", "A"));
    // The shared names were added by the first task already.
    assertThat(tasks.get(1).records()).containsExactly(
        new EnumeratedRecord(c2 + ".marathon.mesos.", "1.1.1.1", "A"),
        new EnumeratedRecord(c2 + ".marathon.slave.mesos.", "1.1.1.1", "A"));
    // A framework no source listed still gets its tasks published, after the listed ones.
    assertThat(enumeration.get(2).tasks()).extracting(EnumeratedTask::name)
        .containsExactly("extra");
    assertThat(a(s, "extra.other.mesos.")).containsExactly("1.1.1.1");
  }

  @Test
  void frameworkOrderAndTaskOrderFollowTheReport() {
    Task b = Models.withFramework(simple("b.1", "b", "a-1"), "second");
    Task a = Models.withFramework(simple("a.1", "a", "a-1"), "first");
    SourceReport report = new SourceReport(
        List.of(new Framework("", "first", "", List.of(), 0),
            new Framework("", "second", "", List.of(), 0)),
        List.of(AGENT_1), List.of(b, a), Masters.NONE, List.of());
    RecordSnapshot s = Models.generate(Models.defaults(), report);
    assertThat(s.enumeration()).extracting(EnumeratedFramework::name)
        .containsExactly("first", "second");
    assertThat(s.enumeration().get(0).tasks()).extracting(EnumeratedTask::name)
        .containsExactly("a");
  }

  // ---- Signpost deviations (docs/compatibility.md, "Naming")

  @Test
  void taskNameWithoutLabelGetsNoRecords() {
    RecordSnapshot s = generate(Models.settings("mesos", true, IpSource.HOST), List.of(AGENT_1),
        simple("n.1", "1234", "a-1", 31000), simple("n.2", "$$$", "a-1"),
        simple("ok.1", "ok", "a-1"));
    assertThat(s.names()).allMatch(n -> !n.startsWith(".") && !n.contains(".."));
    assertThat(s.names()).containsExactlyInAnyOrder("ok.marathon.mesos.",
        "ok-" + TaskHash.hash5("ok.1") + "-1.marathon.mesos.", "ok.marathon.slave.mesos.",
        "ok-" + TaskHash.hash5("ok.1") + "-1.marathon.slave.mesos.", "slave.mesos.");
  }

  @Test
  void canonicalLabelIsCappedAt63KeepingHashAndTail() {
    String longName = "a".repeat(56);
    Agent agent = new Agent("x-S12", "", ips("1.1.1.3"), 0);
    RecordSnapshot s = generate(Models.defaults(), List.of(agent),
        simple("long.1", longName, "x-S12", 31000));
    String suffix = "-" + TaskHash.hash5("long.1") + "-s12";
    String canonical = "a".repeat(63 - suffix.length()) + suffix;
    assertThat(canonical).hasSize(63);
    assertThat(a(s, longName + ".marathon.mesos.")).containsExactly("1.1.1.3");
    assertThat(a(s, canonical + ".marathon.mesos.")).containsExactly("1.1.1.3");
    assertThat(srv(s, "_" + longName + "._tcp.marathon.mesos."))
        .containsExactly(canonical + ".marathon.slave.mesos.:31000");
  }

  @Test
  void namesOver253OctetsAreSkippedOthersKept() {
    String huge = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(60));
    SourceReport report = new SourceReport(
        List.of(new Framework("", huge, "", ips("1.2.3.4"), 80)),
        List.of(AGENT_1),
        List.of(task("t.1", "t", huge, "a-1", List.of(1), List.of(), null),
            simple("ok.1", "ok", "a-1")),
        Masters.NONE, List.of());
    RecordSnapshot s = Models.generate(Models.defaults(), report);
    assertThat(s.names()).allMatch(DnsNames::encodable);
    assertThat(s.names()).noneMatch(n -> n.contains("aaaa"));
    assertThat(a(s, "ok.marathon.mesos.")).containsExactly("1.1.1.1");
  }

  @Test
  void legacyPassOnlyForLegalRawNamesAndStoredLowerCase() {
    Task upper = task("u.1", "u", "marathon", "a-1", List.of(),
        List.of(), new Discovery("Web_Front", List.of()));
    Task spaced = task("s.1", "s", "marathon", "a-1", List.of(),
        List.of(), new Discovery("My App", List.of()));
    Task tooLong = task("l.1", "l", "marathon", "a-1", List.of(),
        List.of(), new Discovery("x." + "y".repeat(64), List.of()));
    RecordSnapshot s = generate(Models.defaults(), List.of(AGENT_1), upper, spaced, tooLong);
    assertThat(a(s, "web_front.marathon.mesos.")).containsExactly("1.1.1.1");
    assertThat(a(s, "web-front.marathon.mesos.")).containsExactly("1.1.1.1");
    assertThat(a(s, "myapp.marathon.mesos.")).containsExactly("1.1.1.1");
    assertThat(s.names()).noneMatch(n -> n.contains(" ") || n.startsWith("x."));
    assertThat(s.names()).anyMatch(n -> n.startsWith("x-yyy"));
    assertThat(s.names()).allMatch(n -> n.equals(n.toLowerCase(java.util.Locale.ROOT)));
  }
}
