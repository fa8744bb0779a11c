package io.signpost.spi.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The written-out equals and hashCode of the model records: equal when every component is,
 * unequal when any one differs, and hash codes that agree with equals.
 */
class ModelEqualityTest {

  private static final InetAddress A = InetAddress.getLoopbackAddress();
  private static final InetAddress B = ip("10.0.0.2");

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static Task task(String id) {
    return new Task(id, "web", "marathon", Task.RUNNING, "S1", List.of(A),
        List.of(new TaskIp(B, IpSource.NETINFO)), List.of(31000),
        new Discovery("web", List.of(new PortMapping(80, "tcp", "http"))), Health.HEALTHY,
        Map.of("k", "v"));
  }

  @Test
  void aTaskEqualsACopyAndDiffersInEachComponent() {
    Task base = task("t1");
    Task copy = task(new String("t1"));
    assertThat(copy).isEqualTo(base).hasSameHashCodeAs(base);
    assertThat(base).isEqualTo(base).isNotEqualTo(null).isNotEqualTo("t1");

    List<UnaryOperator<Task>> changes = new ArrayList<>();
    changes.add(t -> new Task("t2", t.name(), t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), "api", t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), "chronos", t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), "TASK_KILLED", t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), "S2",
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(),
        List.of(B), t.containerIps(), t.resourcePorts(), t.discovery(), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), List.of(new TaskIp(B, IpSource.DOCKER)), t.resourcePorts(),
        t.discovery(), t.health(), t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), List.of(31001), t.discovery(), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), null, t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(),
        new Discovery("web", List.of(new PortMapping(80, "udp", "http"))), t.health(),
        t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(),
        Health.UNHEALTHY, t.labels()));
    changes.add(t -> new Task(t.id(), t.name(), t.framework(), t.state(), t.agentId(),
        t.hostAddresses(), t.containerIps(), t.resourcePorts(), t.discovery(), t.health(),
        Map.of()));
    for (UnaryOperator<Task> change : changes) {
      Task changed = change.apply(base);
      assertThat(changed).isNotEqualTo(base);
      assertThat(base).isNotEqualTo(changed);
      assertThat(change.apply(copy)).isEqualTo(changed).hasSameHashCodeAs(changed);
    }
  }

  @Test
  void thePartsDifferInEachComponent() {
    assertThat(new TaskIp(A, IpSource.HOST)).isEqualTo(new TaskIp(A, IpSource.HOST))
        .hasSameHashCodeAs(new TaskIp(A, IpSource.HOST))
        .isNotEqualTo(new TaskIp(B, IpSource.HOST))
        .isNotEqualTo(new TaskIp(A, IpSource.MESOS));
    PortMapping http = new PortMapping(80, "tcp", "http");
    assertThat(new PortMapping(80, "tcp", new String("http"))).isEqualTo(http)
        .hasSameHashCodeAs(http)
        .isNotEqualTo(new PortMapping(81, "tcp", "http"))
        .isNotEqualTo(new PortMapping(80, "udp", "http"))
        .isNotEqualTo(new PortMapping(80, "tcp", "web"));
    Discovery web = new Discovery("web", List.of(http));
    assertThat(new Discovery("web", List.of(new PortMapping(80, "tcp", "http"))))
        .isEqualTo(web).hasSameHashCodeAs(web)
        .isNotEqualTo(new Discovery("api", List.of(http)))
        .isNotEqualTo(new Discovery("web", List.of()));
  }
}
