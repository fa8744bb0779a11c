package io.signpost.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportMergerTest {

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void theSameTaskFromTwoSourcesBecomesOneRefinedByTheSecond() throws Exception {
    // The Mesos master sees the task on its agent with host ports only ...
    Task fromMaster = new Task("api.1", "api.stack", "customers-marathon", Task.RUNNING, "S0",
        List.of(), List.of(), List.of(31000), null, Health.UNKNOWN, Map.of("a", "1"));
    SourceReport master = new SourceReport(
        List.of(new Framework("fw-1", "customers-marathon", "m", List.of(ip("10.0.0.1")), 8080)),
        List.of(new Agent("S0", "agent-0", List.of(ip("10.0.1.10")), 5051)),
        List.of(fromMaster),
        new Masters(new Endpoint(ip("10.0.0.1"), 5050), List.of()), List.of());
    // ... Marathon knows its container IP, container port and health.
    Task fromMarathon = new Task("api.1", "api.stack", "customers-marathon", Task.RUNNING, "S0",
        List.of(ip("10.0.1.10")), List.of(new TaskIp(ip("10.42.0.11"), IpSource.NETINFO)),
        List.of(), new Discovery("", List.of(new PortMapping(5000, "tcp", "http"))),
        Health.UNHEALTHY, Map.of("b", "2"));
    SourceReport marathon = new SourceReport(
        List.of(new Framework("", "customers-marathon", "", List.of(), 0)), List.of(),
        List.of(fromMarathon), Masters.NONE, List.of());

    SourceReport merged = ReportMerger.merge(List.of(master, marathon));

    assertThat(merged.frameworks()).singleElement().satisfies(f -> {
      assertThat(f.id()).isEqualTo("fw-1");
      assertThat(f.port()).isEqualTo(8080);
    });
    assertThat(merged.tasks()).singleElement().satisfies(t -> {
      assertThat(t.resourcePorts()).containsExactly(31000);
      assertThat(t.containerIps()).extracting(TaskIp::address).containsExactly(ip("10.42.0.11"));
      assertThat(t.discovery().ports()).containsExactly(new PortMapping(5000, "tcp", "http"));
      assertThat(t.health()).isEqualTo(Health.UNHEALTHY);
      assertThat(t.labels()).containsOnlyKeys("a", "b");
    });
    assertThat(merged.masters().leader().address()).isEqualTo(ip("10.0.0.1"));
  }

  @Test
  void aTaskRunningInOneSourceStaysRunning() throws Exception {
    Task running = new Task("t", "t", "f", Task.RUNNING, "S0", List.of(), List.of(), List.of(),
        null, Health.UNKNOWN, Map.of());
    Task staging = new Task("t", "t", "f", "TASK_STAGING", "S0", List.of(), List.of(), List.of(),
        null, Health.UNKNOWN, Map.of());
    SourceReport a = new SourceReport(List.of(), List.of(), List.of(staging), Masters.NONE, List.of());
    SourceReport b = new SourceReport(List.of(), List.of(), List.of(running), Masters.NONE, List.of());
    assertThat(ReportMerger.merge(List.of(a, b)).tasks()).singleElement()
        .satisfies(t -> assertThat(t.running()).isTrue());
  }

  @Test
  void anEndedTaskStaysEndedAndADiscoveryNameIsKept() throws Exception {
    // The master's copy from its last poll: running, named discovery without ports.
    Task fromMaster = new Task("t", "api.stack", "f", Task.RUNNING, "S0", List.of(), List.of(),
        List.of(), new Discovery("api.stack", List.of()), Health.UNKNOWN, Map.of());
    Task killed = new Task("t", "api.stack", "f", "TASK_KILLED", "S0", List.of(), List.of(),
        List.of(), new Discovery("", List.of(new PortMapping(5000, "tcp", "http"))),
        Health.UNKNOWN, Map.of());
    SourceReport master = new SourceReport(List.of(), List.of(), List.of(fromMaster), Masters.NONE, List.of());
    SourceReport marathon = new SourceReport(List.of(), List.of(), List.of(killed), Masters.NONE, List.of());

    for (List<SourceReport> order : List.of(List.of(master, marathon), List.of(marathon, master))) {
      assertThat(ReportMerger.merge(order).tasks()).singleElement().satisfies(t -> {
        assertThat(t.state()).isEqualTo("TASK_KILLED");
        assertThat(t.discovery()).isEqualTo(
            new Discovery("api.stack", List.of(new PortMapping(5000, "tcp", "http"))));
      });
    }
  }

  @Test
  void oneClusterSourceWithPlainRecordsIsTakenAsItIs() throws Exception {
    Task t1 = new Task("t1", "web", "marathon", Task.RUNNING, "S0", List.of(), List.of(),
        List.of(31000), null, Health.UNKNOWN, Map.of());
    Task t2 = new Task("t2", "web", "marathon", Task.RUNNING, "S0", List.of(), List.of(),
        List.of(31001), null, Health.UNKNOWN, Map.of());
    Masters masters = new Masters(new Endpoint(ip("10.0.0.1"), 5050), List.of());
    SourceReport cluster = new SourceReport(
        List.of(new Framework("fw", "marathon", "m", List.of(ip("10.0.0.2")), 8080)),
        List.of(new Agent("S0", "agent-0", List.of(ip("10.0.1.10")), 5051)),
        List.of(t1, t2), masters,
        List.of(new PlainRecord("a", RecordType.A, "10.0.0.3")));
    SourceReport own = SourceReport.ofRecords(
        List.of(new PlainRecord("ns1", RecordType.A, "10.0.0.4")));

    SourceReport merged = ReportMerger.merge(List.of(cluster, own));

    assertThat(merged.tasks()).isSameAs(cluster.tasks());
    assertThat(merged.frameworks()).isSameAs(cluster.frameworks());
    assertThat(merged.agents()).isSameAs(cluster.agents());
    assertThat(merged.masters()).isEqualTo(masters);
    assertThat(merged.records()).extracting(PlainRecord::name).containsExactly("a", "ns1");
  }

  @Test
  void oneSourceWithATaskIdTwiceIsStillMergedIntoOneTask() throws Exception {
    Task staging = new Task("t", "web", "marathon", "TASK_STAGING", "S0", List.of(), List.of(),
        List.of(), null, Health.UNKNOWN, Map.of());
    Task running = new Task("t", "web", "marathon", Task.RUNNING, "S0", List.of(), List.of(),
        List.of(), null, Health.UNKNOWN, Map.of());
    SourceReport cluster = new SourceReport(List.of(), List.of(), List.of(staging, running),
        Masters.NONE, List.of());

    SourceReport merged = ReportMerger.merge(List.of(cluster, SourceReport.ofRecords(List.of())));

    assertThat(merged.tasks()).singleElement().satisfies(t -> assertThat(t.running()).isTrue());
  }
}
