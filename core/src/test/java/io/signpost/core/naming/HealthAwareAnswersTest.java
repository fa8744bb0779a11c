package io.signpost.core.naming;

import static io.signpost.core.naming.Lookups.a;
import static io.signpost.core.naming.Models.ips;
import static io.signpost.core.naming.Models.task;
import static io.signpost.core.naming.Models.taskIp;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Signpost only: instances whose health checks fail are left out of the answers. */
class HealthAwareAnswersTest {

  private static final Agent AGENT = new Agent("a-0", "h", ips("10.0.1.1"), 0);

  private static Task api(String id, String ip, Health health) {
    Task t = task(id, "api.stack", "marathon", "a-0", List.of(31000),
        List.of(taskIp(ip, IpSource.NETINFO)), null);
    return new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(), t.hostAddresses(),
        t.containerIps(), t.resourcePorts(), t.discovery(), health, Map.of());
  }

  private static SourceReport report(Task... tasks) {
    return new SourceReport(List.of(), List.of(AGENT), List.of(tasks), Masters.NONE, List.of());
  }

  @Test
  void unhealthyInstancesAreLeftOutWhileOthersAnswer() {
    var s = Models.generate(Models.defaults(), report(
        api("api.1", "10.42.0.1", Health.HEALTHY),
        api("api.2", "10.42.0.2", Health.UNHEALTHY),
        api("api.3", "10.42.0.3", Health.UNKNOWN)));
    assertThat(a(s, "api-stack.marathon.mesos.")).containsExactlyInAnyOrder("10.42.0.1", "10.42.0.3");
    assertThat(Lookups.srv(s, "_api-stack._tcp.marathon.mesos.")).hasSize(2);
  }

  @Test
  void whenEveryInstanceIsUnhealthyAllAnswerAndTheNameIsReported() {
    SnapshotBuilder builder = new SnapshotBuilder();
    Set<String> allUnhealthy = new RecordGenerator(Models.defaults()).generate(report(
        api("api.1", "10.42.0.1", Health.UNHEALTHY),
        api("api.2", "10.42.0.2", Health.UNHEALTHY)), builder);
    var s = builder.build(1, java.time.Instant.EPOCH);
    assertThat(a(s, "api-stack.marathon.mesos.")).containsExactlyInAnyOrder("10.42.0.1", "10.42.0.2");
    assertThat(allUnhealthy).containsExactly("marathon/api-stack");
  }

  @Test
  void mesosDnsBehaviourWhenNoSourceReportsHealth() {
    var s = Models.generate(Models.defaults(), report(
        api("api.1", "10.42.0.1", Health.UNKNOWN), api("api.2", "10.42.0.2", Health.UNKNOWN)));
    assertThat(a(s, "api-stack.marathon.mesos.")).hasSize(2);
  }
}
