package io.signpost.source.mesos;

import static io.signpost.source.mesos.TestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source reading a state file: the whole model of the Mesos-DNS fixture. */
class StateFileSourceTest {

  @TempDir Path dir;

  private MesosMasterConfig fileConfig(Path file, List<String> masters) {
    return new MesosMasterConfig(
        masters, null, file.toString(), null, null, null, null, null, null, null);
  }

  @Test
  void readsTheMesosDnsFixtureIntoTheModel() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, TestSupport.resource("mesos-dns/fake-state.json"));
    // The resolver test setup of Mesos-DNS: masters [144.76.157.37:5050]. Never dialled here.
    try (MesosMasterSource source =
        TestSupport.source(
            fileConfig(file, List.of("144.76.157.37:5050")), new SimpleMeterRegistry())) {
      SourceReport report = source.fetch();

      FakeStateExpectations.assertFrameworksAgentsTasks(report);
      assertThat(report.masters())
          .isEqualTo(
              new Masters(
                  new Endpoint(ip("1.2.3.4"), 5050),
                  List.of(new Endpoint(ip("144.76.157.37"), 5050))));
    }
  }

  @Test
  void unchangedTasksAreReusedWhereTasksCameAndWent() throws Exception {
    Path file = dir.resolve("state.json");
    Files.write(file, new StateGenerator(40, 0).bytes());
    try (MesosMasterSource source =
        TestSupport.source(fileConfig(file, List.of()), new SimpleMeterRegistry())) {
      SourceReport first = source.fetch();
      // A task started (listed first), one stopped, one moved: the rest is as it was.
      ObjectMapper json = new ObjectMapper();
      ObjectNode state = (ObjectNode) json.readTree(file.toFile());
      ArrayNode tasks = (ArrayNode) state.get("frameworks").get(0).get("tasks");
      ObjectNode started = tasks.get(5).deepCopy();
      started.put("id", "started-now");
      tasks.remove(12);
      ((ObjectNode) tasks.get(20)).put("slave_id", "elsewhere-S1");
      tasks.insert(0, started);
      json.writeValue(file.toFile(), state);
      SourceReport second = source.fetch();

      Map<String, Task> before = new HashMap<>();
      first.tasks().forEach(t -> before.put(t.id(), t));
      int reused = 0;
      for (Task task : second.tasks()) {
        Task old = before.get(task.id());
        if (task.equals(old)) {
          assertThat(task).as(task.id()).isSameAs(old);
          reused++;
        } else if (old != null) {
          assertThat(task).isNotSameAs(old);
        }
      }
      assertThat(reused).isEqualTo(first.tasks().size() - 2); // all but the stopped and moved
    }
  }

  @Test
  void withoutMastersOnlyTheLeaderIsKnown() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, TestSupport.resource("mesos-dns/fake-state.json"));
    try (MesosMasterSource source =
        TestSupport.source(fileConfig(file, List.of()), new SimpleMeterRegistry())) {
      assertThat(source.fetch().masters())
          .isEqualTo(new Masters(new Endpoint(ip("1.2.3.4"), 5050), List.of()));
    }
  }

  @Test
  void readsMesos027HealthAndLegacyNetworkInfoOnce() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, TestSupport.resource("mesos/master-state.mesos-0.27.0.dcos.json"));
    try (MesosMasterSource source =
        TestSupport.source(fileConfig(file, List.of()), new SimpleMeterRegistry())) {
      SourceReport report = source.fetch();
      var byName =
          report.tasks().stream()
              .collect(java.util.stream.Collectors.toMap(t -> t.name(), t -> t));
      // Both the 0.25 ip_address and ip_addresses are present: the list wins, no duplicate.
      assertThat(byName.get("server-2").containerIps())
          .containsExactly(
              new io.signpost.spi.model.TaskIp(ip("10.0.1.108"),
                  io.signpost.spi.model.IpSource.NETINFO));
      assertThat(byName.get("cassandra").health())
          .isEqualTo(io.signpost.spi.model.Health.HEALTHY);
      assertThat(byName.get("server-0").health())
          .isEqualTo(io.signpost.spi.model.Health.UNKNOWN);
      assertThat(report.masters().leader()).isEqualTo(new Endpoint(ip("10.0.7.122"), 5050));
    }
  }

  @Test
  void aBadPidOrPortStringSpoilsOnlyItsItem() throws Exception {
    String state =
        TestSupport.resource("mesos-dns/fake-state.json")
            .replace("slave(1)@1.2.3.10:5051", "slave(1)@1.2.3.10")
            .replace("scheduler(2)@1.2.3.12:25501", "no-at-sign")
            .replace("\"[31737-31738]\"", "\"[31737-x]\"")
            .replace("\"value\": \"10.3.0.2\"", "\"value\": \"10.3.0.256\"");
    Path file = dir.resolve("state.json");
    Files.writeString(file, state);
    try (MesosMasterSource source =
        TestSupport.source(fileConfig(file, List.of()), new SimpleMeterRegistry())) {
      SourceReport report = source.fetch();
      assertThat(report.agents()).hasSize(4);
      assertThat(report.agents().get(0).addresses()).isEmpty();
      assertThat(report.agents().get(0).port()).isZero();
      assertThat(report.agents().get(1).addresses()).containsExactly(ip("1.2.3.11"));
      assertThat(report.frameworks().get(1).name())
          .isEqualTo("chronos with a space AND MIXED CASE-2.0.1");
      assertThat(report.frameworks().get(1).addresses()).isEmpty();
      var task =
          report.tasks().stream()
              .filter(t -> t.name().equals("non-human-readable-liquor-store"))
              .findFirst()
              .orElseThrow();
      assertThat(task.resourcePorts()).isEmpty();
      assertThat(task.containerIps()).isEmpty();
      assertThat(report.tasks()).hasSize(10);
    }
  }

  @Test
  void aMissingFileIsAClearError() {
    Path file = dir.resolve("absent.json");
    try (MesosMasterSource source =
        TestSupport.source(fileConfig(file, List.of()), new SimpleMeterRegistry())) {
      assertThatThrownBy(source::fetch)
          .hasMessageContaining("stateFile")
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void aTruncatedFileIsAClearError() throws Exception {
    Path file = dir.resolve("state.json");
    String state = TestSupport.resource("mesos-dns/fake-state.json");
    Files.writeString(file, state.substring(0, state.length() / 2), StandardCharsets.UTF_8);
    try (MesosMasterSource source =
        TestSupport.source(fileConfig(file, List.of()), new SimpleMeterRegistry())) {
      assertThatThrownBy(source::fetch)
          .hasMessageContaining("stateFile " + file)
          .hasMessageContaining("end-of-input");
    }
  }
}
