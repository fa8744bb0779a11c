package io.signpost.source.marathon;

import static io.signpost.source.marathon.TestSupport.JSON;
import static io.signpost.source.marathon.TestSupport.fixture;
import static io.signpost.source.marathon.TestSupport.ips;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.source.marathon.MarathonApi.App;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppMapperTest {


  private AppMapper mapper(String framework, boolean healthyOnly) {
    return new AppMapper(
        framework,
        healthyOnly,
        new CachingResolver(
            TestSupport.resolver(Map.of("agent-13.example", "10.0.0.13")), Clock.systemUTC()));
  }

  private static List<App> apps(String json) throws IOException {
    return JSON.readValue(json, MarathonApi.AppList.class).apps();
  }

  private static Task only(SourceReport r, String idPrefix) {
    return r.tasks().stream().filter(t -> t.id().startsWith(idPrefix)).findFirst().orElseThrow();
  }

  @Test
  void appIdsBecomeMesosTaskNamesInReverseSegmentOrder() {
    assertThat(AppMapper.taskName("/docker-mt42-1/api")).isEqualTo("api.docker-mt42-1");
    assertThat(AppMapper.taskName("/tools/docker/registry")).isEqualTo("registry.docker.tools");
    assertThat(AppMapper.taskName("/single")).isEqualTo("single");
    // Dots inside a segment are legal and kept as they are.
    assertThat(AppMapper.taskName("/app.foo.net/492dd49a1aa2"))
        .isEqualTo("492dd49a1aa2.app.foo.net");
    assertThat(AppMapper.taskName("/supended/captura/wetl/updater/mailmarketing"))
        .isEqualTo("mailmarketing.updater.wetl.captura.supended");
    String longSegment = "a".repeat(70);
    assertThat(AppMapper.taskName("/g/" + longSegment)).isEqualTo(longSegment + ".g");
    // Tolerant of a missing leading slash and doubled slashes (seen in event URIs).
    assertThat(AppMapper.taskName("//asgard-dev/bla")).isEqualTo("bla.asgard-dev");
    assertThat(AppMapper.taskName("grp/app")).isEqualTo("app.grp");
  }

  @Test
  void seedScenarioPublishesContainerIpsAndContainerPort() throws IOException {
    SourceReport r = mapper("customers-marathon", true).report(apps(fixture("seed-docker-mt42-1.json")));

    assertThat(r.frameworks()).hasSize(1);
    assertThat(r.frameworks().get(0).name()).isEqualTo("customers-marathon");
    assertThat(r.frameworks().get(0).addresses()).isEmpty();
    assertThat(r.frameworks().get(0).port()).isZero();
    assertThat(r.tasks()).hasSize(3);
    assertThat(r.tasks()).allSatisfy(t -> {
      assertThat(t.name()).isEqualTo("api.docker-mt42-1");
      assertThat(t.framework()).isEqualTo("customers-marathon");
      assertThat(t.running()).isTrue();
      assertThat(t.resourcePorts()).isEmpty();
      assertThat(t.discovery()).isEqualTo(
          new Discovery("api.docker-mt42-1", List.of(new PortMapping(5000, "tcp", "http"))));
      assertThat(t.containerIps()).allSatisfy(ip -> assertThat(ip.source()).hasToString("NETINFO"));
    });
    assertThat(r.tasks().stream().flatMap(t -> ips(t).stream()))
        .containsExactly("192.168.10.1", "192.168.10.2", "192.168.10.3");
    Task third = r.tasks().get(2);
    assertThat(third.agentId()).isEqualTo("c2b8c8d8-S3");
    assertThat(third.hostAddresses().get(0).getHostAddress()).isEqualTo("10.0.0.13");
    assertThat(third.labels()).containsEntry("stack", "docker-mt42-1");
  }

  @Test
  void bridgeModeDockerIpIsNotAContainerIp() throws IOException {
    SourceReport r = mapper("marathon", true).report(apps(fixture("v2-apps.embed-tasks.marathon-1.5.mlb.json")));

    Task t = only(r, "pywebserver.");
    assertThat(t.name()).isEqualTo("pywebserver");
    assertThat(t.containerIps()).isEmpty(); // 172.17.0.2 is the docker bridge
    assertThat(t.hostAddresses()).extracting(a -> a.getHostAddress()).containsExactly("10.0.2.148");
    assertThat(t.resourcePorts()).containsExactly(1565);
    assertThat(t.discovery().ports()).containsExactly(new PortMapping(1565, "tcp", "test"));
    assertThat(t.agentId()).isEqualTo("db7b40e2-791c-445f-b373-183e2a648a86-S1");
  }

  @Test
  void oldMarathonWithoutStateCountsStartedTasksAsRunning() throws IOException {
    SourceReport r =
        mapper("marathon", true).report(apps(fixture("v2-apps.embed-tasks.marathon-0.15.mlb-zdd.json")));

    assertThat(r.tasks()).hasSize(4).allSatisfy(t -> assertThat(t.running()).isTrue());
    assertThat(r.tasks()).allSatisfy(t -> assertThat(t.health()).isEqualTo(Health.HEALTHY));
    assertThat(r.tasks()).extracting(Task::name).containsOnly("nginx-green", "nginx-blue");
  }

  @Test
  void hostPortsAreNotZippedWithMappingsWhenCountsDiffer() throws IOException {
    // Two mappings ask for host ports but the (hand-edited) task has one: leave them unnamed.
    SourceReport r = mapper("marathon", true).report(apps(fixture("v2-apps.embed-tasks.udp.allegro.json")));

    assertThat(r.tasks()).hasSize(2).allSatisfy(t -> {
      assertThat(t.name()).isEqualTo("bridged-webapp");
      assertThat(t.discovery()).isNull();
      assertThat(t.resourcePorts()).hasSize(1);
      assertThat(t.running()).isTrue();
    });
  }

  @Test
  void newerContainerNetworkShapeGivesTaskIpAndContainerPorts() throws IOException {
    String body = TestSupport.appsOfGroups(fixture("v2-groups.embed-tasks.container-net.dcos-ui.json"));
    SourceReport r = mapper("marathon", true).report(apps(body));

    Task net = only(r, "net.");
    assertThat(net.name()).isEqualTo("net");
    assertThat(ips(net)).containsExactly("9.0.2.130");
    assertThat(net.resourcePorts()).isEmpty();
    assertThat(net.discovery().ports()).containsExactly(new PortMapping(10, "tcp", "ping"));
  }

  @Test
  void olderIpAddressShapeGivesTaskIpsAndDiscoveryPorts() throws IOException {
    SourceReport r = mapper("marathon", true).report(apps(fixture("legacy-ip-per-task.json")));

    Task t = r.tasks().get(0);
    assertThat(t.name()).isEqualTo("db.app.foo.net.tools");
    assertThat(t.running()).isTrue();
    assertThat(ips(t)).containsExactly("10.20.0.5", "fd00:0:0:0:0:0:0:5");
    assertThat(t.discovery().ports())
        .containsExactly(
            new PortMapping(5432, "tcp", "pg"),
            new PortMapping(53, "udp", "dns"),
            new PortMapping(53, "tcp", "dns"));
  }

  @Test
  void ipAddressWithDockerBridgeNetworkIsStillBridge() throws IOException {
    App app = JSON.readValue(fixture("app-definition.legacy-ipAddress.docs-1.4.json"), App.class);
    assertThat(AppMapper.networkMode(app)).isEqualTo(AppMapper.NetworkMode.HOST);
    App userNet =
        JSON.readValue(
            "{\"id\":\"/a\",\"container\":{\"docker\":{\"network\":\"USER\"}},\"ipAddress\":{\"networkName\":\"n\"}}",
            App.class);
    assertThat(AppMapper.networkMode(userNet)).isEqualTo(AppMapper.NetworkMode.CONTAINER);
  }

  @Test
  void onlyRunningTasksCountAndStagingTasksAreNotRunning() throws IOException {
    String json =
        "{\"apps\":[{\"id\":\"/a\",\"tasks\":["
            + "{\"id\":\"a.1\",\"host\":\"10.0.0.1\",\"state\":\"TASK_UNREACHABLE\",\"startedAt\":\"x\"},"
            + "{\"id\":\"a.2\",\"host\":\"10.0.0.1\"},"
            + "{\"id\":\"a.3\",\"host\":\"10.0.0.1\",\"state\":\"TASK_RUNNING\",\"ports\":[31000]}]}]}";
    SourceReport r = mapper("marathon", true).report(apps(json));

    assertThat(r.tasks()).extracting(Task::state)
        .containsExactly("TASK_UNREACHABLE", "TASK_STAGING", "TASK_RUNNING");
    assertThat(r.tasks().get(2).discovery()).isNull(); // no port definitions to name the port
    assertThat(r.tasks().get(2).resourcePorts()).containsExactly(31000);
  }

  private static String healthApp(boolean... alive) {
    StringBuilder tasks = new StringBuilder();
    for (int i = 0; i < alive.length; i++) {
      tasks.append(i == 0 ? "" : ",")
          .append("{\"id\":\"web.")
          .append(i)
          .append("\",\"host\":\"10.0.0.1\",\"state\":\"TASK_RUNNING\",\"ports\":[3100")
          .append(i)
          .append("],\"healthCheckResults\":[{\"alive\":")
          .append(alive[i])
          .append(",\"taskId\":\"web.")
          .append(i)
          .append("\"}]}");
    }
    return "{\"apps\":[{\"id\":\"/web\",\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/\"}],"
        + "\"tasks\":["
        + tasks
        + ",{\"id\":\"web.new\",\"host\":\"10.0.0.2\",\"state\":\"TASK_STAGING\"}]}]}";
  }

  @Test
  void healthyOnlyReportsEveryTaskWithItsHealthForTheCoreToFilter() throws IOException {
    // The core leaves unhealthy instances out of answers (and keeps them all when none is
    // healthy); the source only has to say which ones fail.
    SourceReport r = mapper("marathon", true).report(apps(healthApp(true, false, true)));

    assertThat(r.tasks()).extracting(Task::id).containsExactly("web.0", "web.1", "web.2", "web.new");
    assertThat(r.tasks()).extracting(Task::health)
        .containsExactly(Health.HEALTHY, Health.UNHEALTHY, Health.HEALTHY, Health.UNKNOWN);
  }

  @Test
  void healthyOnlyOffReportsNoHealthSoFailingTasksStayInTheAnswers() throws IOException {
    SourceReport r = mapper("marathon", false).report(apps(healthApp(true, false)));

    assertThat(r.tasks()).extracting(Task::health)
        .containsExactly(Health.UNKNOWN, Health.UNKNOWN, Health.UNKNOWN);
  }

  @Test
  void largeRealClusterWithoutTasksParses() throws IOException {
    List<App> apps = apps(fixture("v2-apps.large-100-apps.marathon-bench.json"));
    assertThat(apps).hasSize(100);
    SourceReport r = mapper("marathon", true).report(apps);
    assertThat(r.tasks()).isEmpty();
  }

  @Test
  void podContainersAreTasksNamedAfterTheContainer() throws IOException {
    List<com.fasterxml.jackson.databind.JsonNode> pods = new java.util.ArrayList<>();
    JSON.readTree(fixture("pod-status.json")).forEach(pods::add);
    SourceReport r = mapper("marathon", true).report(List.of(), pods);

    assertThat(r.tasks()).extracting(Task::name).containsExactly("nginx", "sidecar");
    Task nginx = r.tasks().get(0);
    assertThat(nginx.id()).endsWith(".nginx");
    assertThat(nginx.running()).isTrue();
    assertThat(nginx.agentId()).isEqualTo("S31");
    assertThat(ips(nginx)).containsExactly("192.168.20.7");
    assertThat(nginx.discovery().ports()).containsExactly(new PortMapping(80, "tcp", "http"));
    assertThat(nginx.labels()).containsEntry("team", "shop");
    Task sidecar = r.tasks().get(1);
    assertThat(sidecar.resourcePorts()).containsExactly(31500);
    assertThat(sidecar.discovery().ports())
        .containsExactly(new PortMapping(9100, "tcp", "metrics"), new PortMapping(9100, "udp", "metrics"));
  }

  @Test
  void podsOfTheUiFixtureParse() throws IOException {
    List<com.fasterxml.jackson.databind.JsonNode> pods = new java.util.ArrayList<>();
    collectPods(JSON.readTree(fixture("v2-groups.embed-tasks.container-net.dcos-ui.json")), pods);
    SourceReport r = mapper("marathon", true).report(List.of(), pods);

    assertThat(pods).isNotEmpty();
    assertThat(r.tasks()).extracting(Task::name).containsOnly("nginx", "flask");
    assertThat(r.tasks()).extracting(Task::state).contains("TASK_RUNNING", "TASK_STAGING");
  }

  private static void collectPods(
      com.fasterxml.jackson.databind.JsonNode group, List<com.fasterxml.jackson.databind.JsonNode> out) {
    group.path("pods").forEach(out::add);
    group.path("groups").forEach(g -> collectPods(g, out));
  }
}
