package io.signpost.source.marathon;

import static io.signpost.source.marathon.TestSupport.fixture;
import static io.signpost.source.marathon.TestSupport.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.source.marathon.TestSupport.RecordingSink;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.Task;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push source against a Marathon stand-in whose event stream stays open. */
class MarathonEventSourceTest {

  private static final String APP = "/docker-mt42-1/api";
  private static final String T1 = "docker-mt42-1_api.5dd78972-6771-11e5-94e1-be5b2935a987";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSink sink = new RecordingSink();
  private FakeMarathon marathon;
  private MarathonEventSource source;

  @BeforeEach
  void setUp() throws Exception {
    marathon = new FakeMarathon();
    marathon.appsBody = fixture("seed-docker-mt42-1.json");
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    marathon.close();
  }

  private void start(MarathonConfig config) {
    source = new MarathonEventSource(config, registry, TestSupport.resolver());
    source.start(sink);
  }

  private void startAndAwaitStream() {
    start(TestSupport.config(List.of(marathon.url()), "customers-marathon", true));
    await().until(() -> marathon.streamOpen() && sink.tasks().size() == 3);
  }

  static String statusUpdate(String appId, String taskId, String state, String ip) {
    return "{\"slaveId\":\"S1\",\"taskId\":\"" + taskId + "\",\"taskStatus\":\"" + state
        + "\",\"message\":\"\",\"appId\":\"" + appId + "\",\"host\":\"10.0.0.14\",\"ports\":[],"
        + "\"ipAddresses\":[{\"ipAddress\":\"" + ip + "\",\"protocol\":\"IPv4\"}],"
        + "\"version\":\"2020-01-01T00:00:00.000Z\",\"eventType\":\"status_update_event\","
        + "\"timestamp\":\"2020-01-01T00:01:00.000Z\"}";
  }

  @Test
  void taskEventsChangeThePublishedTasksWithoutPolling() {
    startAndAwaitStream();
    int polls = marathon.appsRequests.get();

    marathon.event("status_update_event", statusUpdate(APP, T1, "TASK_KILLED", "192.168.10.1"));
    await().until(() -> sink.tasks().size() == 2);
    assertThat(sink.tasks()).extracting(Task::id).doesNotContain(T1);

    marathon.event("status_update_event", statusUpdate(APP, "docker-mt42-1_api.new", "TASK_RUNNING", "192.168.10.9"));
    await().until(() -> sink.tasks().size() == 3);
    Task added = sink.tasks().get(2);
    assertThat(added.name()).isEqualTo("api.docker-mt42-1");
    assertThat(ips(added)).containsExactly("192.168.10.9");
    assertThat(added.discovery().ports()).extracting(p -> p.number()).containsExactly(5000);

    marathon.event("app_terminated_event",
        "{\"appId\":\"" + APP + "\",\"eventType\":\"app_terminated_event\",\"timestamp\":\"x\"}");
    await().until(() -> sink.tasks().isEmpty());

    assertThat(marathon.appsRequests.get()).isEqualTo(polls);
    assertThat(marathon.acceptHeaders).containsOnly("text/event-stream");
    assertThat(marathon.eventRequests).allSatisfy(u -> assertThat(u).contains("plan-format=light"));
    assertThat(sink.failures).isEmpty();
  }

  @Test
  void eventsWithoutEventLineAreTypedByTheirJson() {
    startAndAwaitStream();

    marathon.send("data: " + statusUpdate(APP, T1, "TASK_LOST", "192.168.10.1") + "\r\n\r\n");
    await().until(() -> sink.tasks().size() == 2);
  }

  @Test
  void healthEventsMarkTasksUnhealthy() {
    marathon.appsBody =
        "{\"apps\":[{\"id\":\"/web\",\"healthChecks\":[{\"protocol\":\"HTTP\"}],\"tasks\":["
            + "{\"id\":\"web.instance-a._app.1\",\"host\":\"10.0.0.1\",\"state\":\"TASK_RUNNING\",\"ports\":[31000],\"healthCheckResults\":[{\"alive\":true}]},"
            + "{\"id\":\"web.b\",\"host\":\"10.0.0.2\",\"state\":\"TASK_RUNNING\",\"ports\":[31001],\"healthCheckResults\":[{\"alive\":true}]}]}]}";
    start(TestSupport.config(List.of(marathon.url()), "marathon", true));
    await().until(() -> marathon.streamOpen() && sink.tasks().size() == 2);

    // Instance form (1.4+): the instance id prefixes the task id.
    marathon.event("instance_health_changed_event",
        "{\"instanceId\":\"web.instance-a\",\"runSpecId\":\"/web\",\"healthy\":false,"
            + "\"eventType\":\"instance_health_changed_event\"}");
    await().until(() -> health(sink.tasks(), "web.instance-a._app.1") == Health.UNHEALTHY);
    assertThat(health(sink.tasks(), "web.b")).isEqualTo(Health.HEALTHY);

    // Legacy form: events say web.marathon-b for task web.b.
    marathon.event("health_status_changed_event",
        "{\"appId\":\"/web\",\"instanceId\":\"web.marathon-b\",\"alive\":false,"
            + "\"eventType\":\"health_status_changed_event\"}");
    await().until(() -> health(sink.tasks(), "web.b") == Health.UNHEALTHY);

    marathon.event("health_status_changed_event",
        "{\"appId\":\"/web\",\"taskId\":\"web.b\",\"alive\":true,\"eventType\":\"health_status_changed_event\"}");
    await().until(() -> health(sink.tasks(), "web.b") == Health.HEALTHY);
    assertThat(sink.tasks()).hasSize(2);
  }

  private static Health health(List<Task> tasks, String id) {
    return tasks.stream().filter(t -> t.id().equals(id)).map(Task::health).findFirst().orElse(null);
  }

  @Test
  void appChangesAndNewAppsAreFetchedByTheirId() {
    startAndAwaitStream();
    marathon.appBodies.put("/new/app",
        "{\"app\":{\"id\":\"/new/app\",\"portDefinitions\":[{\"port\":0,\"name\":\"web\",\"protocol\":\"tcp\"}],"
            + "\"tasks\":[{\"id\":\"new_app.1\",\"host\":\"10.0.0.3\",\"state\":\"TASK_RUNNING\",\"ports\":[31005]}]}}");

    marathon.event("status_update_event", statusUpdate("/new/app", "new_app.1", "TASK_RUNNING", "10.0.0.3"));
    await().until(() -> sink.tasks().size() == 4);
    Task t = sink.tasks().get(3);
    assertThat(t.name()).isEqualTo("app.new");
    assertThat(t.discovery().ports()).extracting(p -> p.name()).containsExactly("web");

    marathon.appBodies.put("/new/app", "{\"app\":{\"id\":\"/new/app\",\"tasks\":[]}}");
    marathon.event("deployment_success",
        "{\"id\":\"d1\",\"plan\":{\"id\":\"d1\",\"steps\":[{\"actions\":[{\"action\":\"ScaleApplication\",\"app\":\"/new/app\"}]}]},"
            + "\"eventType\":\"deployment_success\"}");
    await().until(() -> sink.tasks().size() == 3);
  }

  @Test
  void droppedStreamIsReopenedAndStateReadAgain() {
    startAndAwaitStream();
    int polls = marathon.appsRequests.get();
    marathon.appsBody =
        fixture("seed-docker-mt42-1.json").replace("192.168.10.3", "192.168.10.33");

    marathon.drop();
    await().until(() -> marathon.streamConnections.get() == 2 && marathon.streamOpen());
    await().until(() -> marathon.appsRequests.get() > polls);
    await().until(() -> sink.tasks().size() == 3 && ips(sink.tasks().get(2)).contains("192.168.10.33"));

    marathon.event("status_update_event", statusUpdate(APP, T1, "TASK_FAILED", "192.168.10.1"));
    await().until(() -> sink.tasks().size() == 2);
    assertThat(registry.get("signpost.marathon.stream.connects").counter().count()).isEqualTo(2.0);
  }

  @Test
  void silentStreamCountsAsStalledAndIsReopened() {
    marathon.silent = true;
    start(TestSupport.config(List.of(marathon.url()), "customers-marathon", true)); // 1 s timeout
    await().atMost(Duration.ofSeconds(15)).until(() -> marathon.streamConnections.get() >= 2);
    assertThat(sink.tasks()).hasSize(3);
  }

  @Test
  void failingReadsKeepTheLastGoodStateAndSayWhy() {
    startAndAwaitStream();
    marathon.appsStatus = 503;
    int reports = sink.reports.size();

    marathon.drop(); // reconnect triggers a full read, which now fails
    await().until(() -> !sink.failures.isEmpty());
    assertThat(sink.failures.get(0)).contains("HTTP 503").contains("keeping the last good state");
    assertThat(sink.reports.subList(reports, sink.reports.size()))
        .allSatisfy(r -> assertThat(r.tasks()).isNotEmpty());

    // Events keep working on the last good state.
    await().until(marathon::streamOpen);
    marathon.event("status_update_event", statusUpdate(APP, T1, "TASK_KILLED", "192.168.10.1"));
    await().until(() -> sink.tasks().size() == 2);
  }

  @Test
  void unreadableEventsAreSkipped() {
    startAndAwaitStream();
    marathon.send("event: status_update_event\r\ndata: {not json\r\n\r\n");
    marathon.send("data: [1,2]\r\n\r\n");
    marathon.event("status_update_event", "{\"eventType\":\"status_update_event\"}");
    marathon.event("status_update_event", statusUpdate(APP, T1, "TASK_KILLED", "192.168.10.1"));
    await().until(() -> sink.tasks().size() == 2);
    assertThat(marathon.streamConnections.get()).isEqualTo(1);
  }

  @Test
  void podsAreReadAndRefreshedOnTheirEvents() throws Exception {
    String pods = fixture("pod-status.json");
    marathon.podsBody = pods;
    start(TestSupport.config(List.of(marathon.url()), "customers-marathon", true));
    await().until(() -> marathon.streamOpen() && sink.tasks().size() == 5);

    // The sidecar dies: Marathon's status event names the pod; its status is read again.
    String podNow = TestSupport.JSON.readTree(pods).get(0).toString()
        .replace("\"name\":\"sidecar\",\"status\":\"TASK_RUNNING\"", "\"name\":\"sidecar\",\"status\":\"TASK_KILLED\"");
    marathon.podBodies.put("/shop/web", podNow);
    marathon.event("status_update_event", statusUpdate("/shop/web",
        "shop_web.instance-3d2b4a5c-0000-11e9-8f59-0242ac110002.sidecar", "TASK_KILLED", "192.168.20.7"));
    await().until(() -> sink.tasks().stream().filter(Task::running).count() == 4);

    marathon.event("app_terminated_event",
        "{\"appId\":\"/shop/web\",\"eventType\":\"app_terminated_event\"}");
    await().until(() -> sink.tasks().size() == 3);
  }

  @Test
  void podIdsFromEventUris() {
    assertThat(MarathonEventSource.podIdOfUri("/v2/pods/shop/web")).isEqualTo("/shop/web");
    assertThat(MarathonEventSource.podIdOfUri("/v2/pods//shop/web::status")).isEqualTo("/shop/web");
    assertThat(MarathonEventSource.podIdOfUri("/v2/apps/x")).isNull();
    assertThat(MarathonEventSource.podIdOfUri("/v2/pods/")).isNull();
  }

  @Test
  void runningEventWithoutAddressesForAnIpPerTaskAppReadsTheApp() throws Exception {
    startAndAwaitStream();
    String app = TestSupport.JSON.readTree(fixture("seed-docker-mt42-1.json")).get("apps").get(0)
        .toString().replace("192.168.10.3", "192.168.10.4");
    marathon.appBodies.put(APP, "{\"app\":" + app + "}");

    marathon.event("status_update_event",
        "{\"taskId\":\"docker-mt42-1_api.new\",\"taskStatus\":\"TASK_RUNNING\",\"appId\":\"" + APP
            + "\",\"host\":\"10.0.0.11\",\"ports\":[],\"eventType\":\"status_update_event\"}");
    // A new task without addresses: the app is read again instead of publishing the agent's IP.
    await().until(() -> sink.tasks().size() == 3 && ips(sink.tasks().get(2)).contains("192.168.10.4"));
    assertThat(sink.reports).allSatisfy(r -> assertThat(r.tasks())
        .allSatisfy(t -> assertThat(t.containerIps()).isNotEmpty()));
  }
}
