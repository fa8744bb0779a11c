package io.signpost.source.mesos;

import static io.signpost.source.mesos.TestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.util.List;
import java.util.Map;

/**
 * The complete model expected from {@code mesos-dns/fake-state.json} (see its README and the
 * behaviour reference §3.3, §5.8.1–5.8.2), leader and masters excepted.
 */
final class FakeStateExpectations {

  private FakeStateExpectations() {}

  static final Discovery HTTP_HTTPS_PORTS =
      new Discovery(
          "liquor.store",
          List.of(new PortMapping(80, "tcp", "http"), new PortMapping(443, "tcp", "https")));

  static void assertFrameworksAgentsTasks(SourceReport report) {
    assertThat(report.frameworks())
        .containsExactly(
            new Framework(
                "20140703-014514-3041283216-5050-5349-0001",
                "ipv6-framework",
                "localhost",
                List.of(ip("2001:db8::1")),
                25501),
            new Framework(
                "20140703-014514-3041283216-5050-5348-0001",
                "chronos with a space AND MIXED CASE-2.0.1",
                "localhost",
                List.of(ip("1.2.3.12")),
                25501),
            // No PID: the hostname is resolved (the test resolver maps localhost to 127.0.0.1).
            new Framework(
                "20140703-014514-3041283216-5050-5348-0002",
                "no pid",
                "localhost",
                List.of(ip("127.0.0.1")),
                0),
            new Framework(
                "20140703-014514-3041283216-5050-5348-0000",
                "marathon",
                "google.com",
                List.of(ip("1.2.3.11")),
                25501));

    assertThat(report.agents())
        .containsExactly(
            new Agent(
                "20140916-194712-631065744-5050-4798-2", "1.2.3.10", List.of(ip("1.2.3.10")), 5051),
            new Agent(
                "20140803-125133-3041283216-5050-2410-0", "1.2.3.11", List.of(ip("1.2.3.11")), 5051),
            new Agent(
                "20140827-000744-3041283216-5050-2116-1", "1.2.3.12", List.of(ip("1.2.3.12")), 5051),
            new Agent(
                "20140803-194712-3041283216-5050-2116-3",
                "2001:db8::1",
                List.of(ip("2001:db8::1")),
                5051));

    String agent0 = "20140803-125133-3041283216-5050-2410-0";
    String agent1 = "20140827-000744-3041283216-5050-2116-1";
    String marathon = "marathon";
    // Ten tasks of frameworks[].tasks; the two completed_tasks of chronos are not read.
    assertThat(report.tasks())
        .containsExactly(
            task(
                "toy-store.b8db9f73-562f-11e4-a088-c20493233aa5",
                "toy-store",
                "ipv6-framework",
                Task.RUNNING,
                "20140803-194712-3041283216-5050-2116-3",
                List.of(
                    new TaskIp(ip("12.0.1.3"), IpSource.NETINFO),
                    new TaskIp(ip("12.0.1.2"), IpSource.NETINFO),
                    new TaskIp(ip("fd01:b::1:8000:2"), IpSource.NETINFO)),
                List.of(31354, 31355),
                null),
            task(
                "some-box.b8db9f73-562f-11e4-a088-c20493233aa5",
                "some-box",
                "chronos with a space AND MIXED CASE-2.0.1",
                Task.RUNNING,
                agent0,
                List.of(),
                List.of(31354),
                null),
            task(
                "poseidon.bc4e3796-2d7a-11e4-b8df-d43d7edb01cd",
                "poseidon.bc4e3796-2d7a-11e4-b8df-d43d7edb01cd",
                marathon,
                "TASK_KILLED",
                agent0,
                List.of(),
                List.of(31112),
                null),
            // The latest RUNNING status (ts 1413572390.09275) carries 10.3.0.1; the older
            // 10.3.0.4 is not merged in.
            task(
                "liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5",
                "liquor.store",
                marathon,
                Task.RUNNING,
                agent0,
                List.of(new TaskIp(ip("10.3.0.1"), IpSource.DOCKER)),
                List.of(31354, 31355),
                HTTP_HTTPS_PORTS),
            task(
                "liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5",
                "big.dog2",
                marathon,
                Task.RUNNING,
                agent0,
                List.of(new TaskIp(ip("10.3.0.1"), IpSource.DOCKER)),
                List.of(31354, 31355),
                new Discovery("big.dog", HTTP_HTTPS_PORTS.ports())),
            task(
                "liquor-store.b71166c1-562f-11e4-a088-c20493233aa5",
                "non-human-readable-liquor-store",
                marathon,
                Task.RUNNING,
                agent1,
                List.of(new TaskIp(ip("10.3.0.2"), IpSource.DOCKER)),
                List.of(31737, 31738),
                HTTP_HTTPS_PORTS),
            task(
                "car-store.43758382-562f-11e4-a088-c20493233aa5",
                "car.store",
                marathon,
                Task.RUNNING,
                agent0,
                List.of(),
                List.of(31364, 31365),
                null),
            task(
                "chronos.49b91a9a-3dda-11e4-a088-c20493233aa5",
                "chronos",
                marathon,
                Task.RUNNING,
                agent0,
                List.of(),
                List.of(31332),
                null),
            task(
                "nginx.1bc32344-3dda-11e4-a088-c20493233aa5",
                "nginx",
                marathon,
                Task.RUNNING,
                agent0,
                List.of(new TaskIp(ip("10.3.0.3"), IpSource.MESOS)),
                List.of(),
                null),
            task(
                "reviewbot.8c9b3434-615a-11e4-a088-c20493233aa5",
                "reviewbot",
                marathon,
                Task.RUNNING,
                agent1,
                List.of(),
                List.of(31744),
                null));
    assertThat(report.records()).isEmpty();
  }

  private static Task task(
      String id,
      String name,
      String framework,
      String state,
      String agent,
      List<TaskIp> ips,
      List<Integer> ports,
      Discovery discovery) {
    return new Task(
        id, name, framework, state, agent, List.of(), ips, ports, discovery, Health.UNKNOWN,
        Map.of());
  }
}
