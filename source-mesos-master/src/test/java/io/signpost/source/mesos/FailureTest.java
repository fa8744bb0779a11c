package io.signpost.source.mesos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.model.SourceReport;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure class gives an exception naming the master and the problem (the runtime then
 * keeps the last good report), and moves the metrics; the next good fetch recovers.
 */
class FailureTest {

  @TempDir Path dir;
  private WireMockServer master;
  private String address;
  private String pid;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    master = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    master.start();
    address = "127.0.0.1:" + master.port();
    pid = "master@" + address;
  }

  @AfterEach
  void stop() {
    master.stop();
  }

  private MesosMasterConfig config(int timeoutSeconds) {
    return new MesosMasterConfig(
        List.of(address), null, null, null, timeoutSeconds, null, null, null, null, null);
  }

  private void serveGoodState() {
    master.stubFor(
        get("/master/state").willReturn(aResponse().withBody(TestSupport.fakeState(pid, pid))));
  }

  private double failures() {
    return registry.get("signpost.mesos.master.consecutive.failures").gauge().value();
  }

  private void assertFailsThenRecovers(int timeoutSeconds, String message) throws Exception {
    try (MesosMasterSource source = TestSupport.source(config(timeoutSeconds), registry)) {
      assertThatThrownBy(source::fetch).hasMessage(message);
      assertThat(failures()).isEqualTo(1);
      assertThatThrownBy(source::fetch).hasMessage(message);
      assertThat(failures()).isEqualTo(2);
      assertThat(registry.get("signpost.mesos.master.last.success").gauge().value()).isZero();

      master.resetAll();
      serveGoodState();
      SourceReport report = source.fetch();
      FakeStateExpectations.assertFrameworksAgentsTasks(report);
      assertThat(failures()).isZero();
      assertThat(registry.get("signpost.mesos.master.fetch.duration").timer().count())
          .isEqualTo(3);
    }
  }

  @Test
  void connectionRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    MesosMasterConfig config =
        new MesosMasterConfig(
            List.of("127.0.0.1:" + closedPort), null, null, null, 5, null, null, null, null,
            null);
    try (MesosMasterSource source = TestSupport.source(config, registry)) {
      assertThatThrownBy(source::fetch)
          .hasMessage("master 127.0.0.1:" + closedPort + ": connection refused");
      assertThat(failures()).isEqualTo(1);
    }
  }

  @Test
  void serverError() throws Exception {
    master.stubFor(get("/master/state").willReturn(aResponse().withStatus(500)));
    assertFailsThenRecovers(5, "master " + address + ": HTTP 500");
  }

  @Test
  void slowHeaders() throws Exception {
    master.stubFor(
        get("/master/state")
            .willReturn(
                aResponse().withFixedDelay(3000).withBody(TestSupport.fakeState(pid, pid))));
    assertFailsThenRecovers(1, "master " + address + ": timed out after 1 s");
  }

  @Test
  void slowBody() throws Exception {
    // Headers at once, then the body dribbles for longer than stateTimeoutSeconds.
    master.stubFor(
        get("/master/state")
            .willReturn(
                aResponse()
                    .withBody(TestSupport.fakeState(pid, pid))
                    .withChunkedDribbleDelay(20, 4000)));
    assertFailsThenRecovers(1, "master " + address + ": timed out after 1 s reading the state");
  }

  @Test
  void truncatedJson() throws Exception {
    String state = TestSupport.fakeState(pid, pid);
    master.stubFor(
        get("/master/state")
            .willReturn(aResponse().withBody(state.substring(0, state.length() / 2))));
    try (MesosMasterSource source = TestSupport.source(config(5), registry)) {
      assertThatThrownBy(source::fetch)
          .hasMessageStartingWith("master " + address + ": invalid or truncated state JSON:")
          .hasMessageContaining("end-of-input");
    }
  }

  @Test
  void connectionDroppedMidBody() throws Exception {
    master.stubFor(
        get("/master/state").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
    try (MesosMasterSource source = TestSupport.source(config(5), registry)) {
      assertThatThrownBy(source::fetch).hasMessageStartingWith("master " + address + ": ");
      assertThat(failures()).isEqualTo(1);
    }
  }

  @Test
  void notJson() throws Exception {
    master.stubFor(
        get("/master/state").willReturn(aResponse().withBody("<html>Service Unavailable</html>")));
    try (MesosMasterSource source = TestSupport.source(config(5), registry)) {
      assertThatThrownBy(source::fetch)
          .hasMessageStartingWith("master " + address + ": invalid or truncated state JSON:")
          .hasMessageContaining("Unexpected character ('<'");
    }
  }

  @Test
  void basicAuthentication() throws Exception {
    master.stubFor(
        get("/master/state")
            .withBasicAuth("dns", "right")
            .willReturn(aResponse().withBody(TestSupport.fakeState(pid, pid))));
    master.stubFor(
        get("/master/state")
            .atPriority(10)
            .willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"mesos-master-readonly\"")));
    MesosMasterConfig good =
        new MesosMasterConfig(
            List.of(address), null, null, null, 5, null,
            new MesosMasterConfig.MesosCredentials("dns", "right"), null, null, null);
    try (MesosMasterSource source = TestSupport.source(good, registry)) {
      FakeStateExpectations.assertFrameworksAgentsTasks(source.fetch());
    }
    MesosMasterConfig wrong =
        new MesosMasterConfig(
            List.of(address), null, null, null, 5, null,
            new MesosMasterConfig.MesosCredentials("dns", "wrong"), null, null, null);
    try (MesosMasterSource source = TestSupport.source(wrong, new SimpleMeterRegistry())) {
      assertThatThrownBy(source::fetch)
          .hasMessage(
              "master " + address
                  + ": HTTP 401 Unauthorized (check mesosCredentials or bearerTokenFile)");
    }
  }

  @Test
  void bearerTokenFileIsReReadWhenItChanges() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first-token\n");
    master.stubFor(
        get("/master/state")
            .withHeader("Authorization", equalTo("Bearer first-token"))
            .willReturn(aResponse().withBody(TestSupport.fakeState(pid, pid))));
    master.stubFor(
        get("/master/state").atPriority(10).willReturn(aResponse().withStatus(401)));
    MesosMasterConfig config =
        new MesosMasterConfig(
            List.of(address), null, null, null, 5, null, null, null, token.toString(), null);
    try (MesosMasterSource source = TestSupport.source(config, registry)) {
      FakeStateExpectations.assertFrameworksAgentsTasks(source.fetch());

      Files.writeString(token, "second-token-is-longer\n");
      assertThatThrownBy(source::fetch).hasMessageContaining("HTTP 401");
      master.stubFor(
          get("/master/state")
              .withHeader("Authorization", equalTo("Bearer second-token-is-longer"))
              .willReturn(aResponse().withBody(TestSupport.fakeState(pid, pid))));
      FakeStateExpectations.assertFrameworksAgentsTasks(source.fetch());

      Files.delete(token);
      assertThatThrownBy(source::fetch)
          .hasMessageContaining("bearerTokenFile " + token + " cannot be read");
    }
  }
}
