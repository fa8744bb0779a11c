package io.signpost.source.marathon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.signpost.source.marathon.TestSupport.fixture;
import static io.signpost.source.marathon.TestSupport.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.source.marathon.TestSupport.RecordingSink;
import io.signpost.spi.model.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source against WireMock serving the recorded Marathon bodies. */
class WireMockSourceTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSink sink = new RecordingSink();
  private WireMockServer wm;
  private MarathonEventSource source;

  @BeforeEach
  void setUp() {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    wm.stop();
  }

  private MarathonConfig config(
      boolean events, String principal, String secret, MarathonConfig.Credentials credentials,
      String tokenFile) {
    return new MarathonConfig(
        List.of("http://127.0.0.1:" + wm.port()), "customers-marathon", 1, null, principal, secret, credentials,
        tokenFile, null, events, 5, 30);
  }

  private void start(MarathonConfig config) {
    source = new MarathonEventSource(config, registry, TestSupport.resolver());
    source.start(sink);
  }

  private void stubSeedApps() {
    wm.stubFor(
        get(urlPathEqualTo("/v2/apps"))
            .withQueryParam("embed", equalTo("apps.tasks"))
            .willReturn(okJson(fixture("seed-docker-mt42-1.json"))));
  }

  @Test
  void seedScenario() {
    stubSeedApps();
    start(config(false, null, null, null, null));

    await().until(() -> sink.tasks().size() == 3);
    assertThat(sink.latest().frameworks()).extracting(f -> f.name()).containsExactly("customers-marathon");
    assertThat(sink.tasks()).extracting(Task::name).containsOnly("api.docker-mt42-1");
    assertThat(sink.tasks()).flatExtracting(t -> ips(t))
        .containsExactly("192.168.10.1", "192.168.10.2", "192.168.10.3");
    assertThat(sink.tasks()).allSatisfy(t ->
        assertThat(t.discovery().ports()).extracting(p -> p.number()).containsExactly(5000));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/v2/events")));
  }

  @Test
  void recordedEventStreamIsReadEndToEnd() {
    stubSeedApps();
    wm.stubFor(
        get(urlPathEqualTo("/v2/events"))
            .atPriority(1)
            .withHeader("Accept", equalTo("text/event-stream"))
            .withQueryParam("plan-format", equalTo("light"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/event-stream;charset=UTF-8")
                    .withBody(fixture("events/all-event-types.assembled.crlf.sse"))));
    wm.stubFor(get(urlPathEqualTo("/v2/events")).atPriority(5).willReturn(aResponse().withStatus(405)));
    start(config(true, null, null, null, null));

    // Every one of the 22 events is read; the stream then ends and is reopened.
    await().until(() -> registry.get("signpost.marathon.events").counter().count() >= 44);
    assertThat(sink.failures).isEmpty();
    assertThat(sink.tasks()).hasSize(3); // the recorded events are about other apps
    // The app and deployment events asked for the apps they name.
    wm.verify(getRequestedFor(urlPathEqualTo("/v2/apps/asgard-dev/bla")));
  }

  @Test
  void basicAuthentication() {
    wm.stubFor(
        get(urlPathEqualTo("/v2/apps"))
            .withBasicAuth("signpost", "s3cret")
            .atPriority(1)
            .willReturn(okJson(fixture("seed-docker-mt42-1.json"))));
    wm.stubFor(get(urlPathEqualTo("/v2/apps")).atPriority(5).willReturn(aResponse().withStatus(401)));

    start(config(false, "signpost", "s3cret", null, null));
    await().until(() -> sink.tasks().size() == 3);
    source.close();

    RecordingSink other = new RecordingSink();
    source = new MarathonEventSource(
        config(false, null, null, new MarathonConfig.Credentials("signpost", "s3cret"), null),
        new SimpleMeterRegistry(), TestSupport.resolver());
    source.start(other);
    await().until(() -> other.tasks().size() == 3);
    source.close();

    RecordingSink wrong = new RecordingSink();
    source = new MarathonEventSource(
        config(false, "signpost", "nope", null, null), new SimpleMeterRegistry(), TestSupport.resolver());
    source.start(wrong);
    await().until(() -> !wrong.failures.isEmpty());
    assertThat(wrong.failures.get(0)).contains("HTTP 401").contains("unauthorised");
    assertThat(wrong.reports).isEmpty();
  }

  @Test
  void tokenFromFileIsSentAndReReadWhenRotated(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first-token\n");
    wm.stubFor(
        get(urlPathEqualTo("/v2/apps"))
            .withHeader("Authorization", equalTo("token=first-token"))
            .willReturn(okJson(fixture("seed-docker-mt42-1.json"))));
    wm.stubFor(
        get(urlPathEqualTo("/v2/apps"))
            .withHeader("Authorization", equalTo("token=second-token"))
            .willReturn(okJson("{\"apps\":[]}")));

    start(config(false, null, null, null, token.toString()));
    await().until(() -> sink.tasks().size() == 3);
    Files.writeString(token, "second-token");
    await().until(() -> sink.latest().tasks().isEmpty()); // next resync (1 s) uses the new token
    assertThat(sink.failures).isEmpty();
  }

  @Test
  void missingTokenFileIsAClearFailure(@TempDir Path dir) {
    start(config(false, null, null, null, dir.resolve("absent").toString()));
    await().until(() -> !sink.failures.isEmpty());
    assertThat(sink.failures.get(0)).contains("cannot read bearerTokenFile").contains("absent");
  }
}
