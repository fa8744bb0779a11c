package io.signpost.source.marathon;

import static io.signpost.source.marathon.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.source.marathon.TestSupport.RecordingSink;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several Marathon instances: leader following and fail-over, between two stand-ins. */
class LeaderFailoverTest {

  private static final String APP = "/docker-mt42-1/api";
  private static final String T1 = "docker-mt42-1_api.5dd78972-6771-11e5-94e1-be5b2935a987";

  private final RecordingSink sink = new RecordingSink();
  private FakeMarathon a;
  private FakeMarathon b;
  private MarathonEventSource source;

  @BeforeEach
  void setUp() throws Exception {
    a = new FakeMarathon();
    b = new FakeMarathon();
    a.appsBody = fixture("seed-docker-mt42-1.json");
    b.appsBody = fixture("seed-docker-mt42-1.json");
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    a.close();
    b.close();
  }

  private void start(List<String> urls) {
    source =
        new MarathonEventSource(
            TestSupport.config(urls, "marathon", true), new SimpleMeterRegistry(), TestSupport.resolver());
    source.start(sink);
  }

  @Test
  void standbyRedirectsTheStreamToTheLeaderAndTheLeaderChanges() {
    // A is a 1.7+ standby: 302 for the stream; B leads.
    a.eventsStatus = 302;
    a.redirectTo = b.url();
    a.leaderHeader = b.url();
    b.leaderHeader = b.url();
    start(List.of(a.url(), b.url()));

    await().until(() -> b.streamOpen() && sink.tasks().size() == 3);
    assertThat(a.eventRequests).isNotEmpty();
    assertThat(b.eventRequests.get(0)).contains("plan-format=light"); // query kept by the redirect
    b.event("status_update_event",
        MarathonEventSourceTest.statusUpdate(APP, T1, "TASK_KILLED", "192.168.10.1"));
    await().until(() -> sink.tasks().size() == 2);

    // B goes away; A is elected and now serves everything itself.
    a.eventsStatus = 200;
    a.leaderHeader = a.url();
    int aPolls = a.appsRequests.get();
    b.close();
    await().until(a::streamOpen);
    await().until(() -> a.appsRequests.get() > aPolls && sink.tasks().size() == 3);
    a.event("status_update_event",
        MarathonEventSourceTest.statusUpdate(APP, T1, "TASK_KILLED", "192.168.10.1"));
    await().until(() -> sink.tasks().size() == 2);
  }

  @Test
  void standbyWithoutLeaderIsSkipped() {
    a.eventsStatus = 502;
    a.appsStatus = 502;
    start(List.of(a.url(), b.url()));

    await().until(() -> b.streamOpen() && sink.tasks().size() == 3);
    assertThat(a.eventRequests).isNotEmpty();
    assertThat(sink.failures).isEmpty();
  }

  @Test
  void unreachableFirstUrlFailsOverToTheNext() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    start(List.of("http://127.0.0.1:" + closedPort, b.url()));

    await().until(() -> b.streamOpen() && sink.tasks().size() == 3);
    assertThat(sink.failures).isEmpty();
  }

  @Test
  void allDownIsOneFailureNamingEveryUrl() throws Exception {
    a.appsStatus = 503;
    b.appsStatus = 502;
    MarathonClient client = new MarathonClient(TestSupport.config(List.of(a.url(), b.url()), "m", false));

    assertThatThrownBy(client::apps)
        .hasMessageContaining(a.url() + "/v2/apps?embed=apps.tasks: HTTP 503")
        .hasMessageContaining(b.url() + "/v2/apps?embed=apps.tasks: HTTP 502 (no Marathon leader)");
  }

  @Test
  void leaderHeaderIsPreferredForLaterCalls() throws Exception {
    a.leaderHeader = b.url(); // A proxies to B and says so
    MarathonClient client = new MarathonClient(TestSupport.config(List.of(a.url(), b.url()), "m", false));

    assertThat(client.apps()).hasSize(1);
    assertThat(client.candidates().get(0)).isEqualTo(b.url());
    client.apps();
    assertThat(b.appsRequests.get()).isEqualTo(1);
    assertThat(a.appsRequests.get()).isEqualTo(1);
  }

  @Test
  void leaderOutsideTheConfiguredUrlsIsNotAdopted() throws Exception {
    a.leaderHeader = "http://127.0.0.1:1"; // e.g. an internal address behind a proxy
    MarathonClient client =
        new MarathonClient(TestSupport.config(List.of(a.url() + "/"), "m", false));
    assertThat(client.apps()).hasSize(1);
    assertThat(client.leader()).isNull();
    assertThat(client.candidates()).containsExactly(a.url());
  }
}
