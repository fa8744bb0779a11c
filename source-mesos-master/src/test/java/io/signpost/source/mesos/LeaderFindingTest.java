package io.signpost.source.mesos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.signpost.source.mesos.TestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three WireMock masters on loopback: redirects, 503, leader field, fail-over, loops. */
class LeaderFindingTest {

  private final List<WireMockServer> servers = new ArrayList<>();
  private WireMockServer a;
  private WireMockServer b;
  private WireMockServer c;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    a = server();
    b = server();
    c = server();
  }

  private WireMockServer server() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    servers.add(server);
    return server;
  }

  @AfterEach
  void stop() {
    servers.forEach(WireMockServer::stop);
  }

  private static String hostPort(WireMockServer server) {
    return "127.0.0.1:" + server.port();
  }

  private static String pid(WireMockServer server) {
    return "master@" + hostPort(server);
  }

  private static Endpoint endpoint(WireMockServer server) {
    return new Endpoint(ip("127.0.0.1"), server.port());
  }

  private void leads(WireMockServer leader) {
    leader.stubFor(
        get("/master/state")
            .willReturn(aResponse().withBody(TestSupport.fakeState(pid(leader), pid(leader)))));
  }

  /** A standby that knows the leader: 307 with a scheme-less Location, as Mesos sends it. */
  private static void redirects(WireMockServer standby, WireMockServer leader) {
    standby.stubFor(
        get("/master/state")
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", "//" + hostPort(leader) + "/master/state")));
  }

  private MesosMasterSource source() {
    return TestSupport.source(
        TestSupport.masters(List.of(hostPort(a), hostPort(b), hostPort(c))), registry);
  }

  private List<Endpoint> all() {
    return List.of(endpoint(a), endpoint(b), endpoint(c));
  }

  @Test
  void followsTheSchemeLessRedirectOfAStandby() throws Exception {
    redirects(a, b);
    leads(b);
    try (MesosMasterSource source = source()) {
      SourceReport report = source.fetch();
      FakeStateExpectations.assertFrameworksAgentsTasks(report);
      assertThat(report.masters()).isEqualTo(new Masters(endpoint(b), all()));
    }
    a.verify(1, getRequestedFor(urlEqualTo("/master/state")));
    b.verify(1, getRequestedFor(urlEqualTo("/master/state")));
    c.verify(0, getRequestedFor(urlEqualTo("/master/state")));
  }

  @Test
  void aMasterWithoutLeaderAnswers503AndTheNextIsAsked() throws Exception {
    a.stubFor(get("/master/state").willReturn(aResponse().withStatus(503)
        .withBody("No leader elected")));
    redirects(b, c);
    leads(c);
    try (MesosMasterSource source = source()) {
      assertThat(source.fetch().masters().leader()).isEqualTo(endpoint(c));
    }
  }

  @Test
  void followsTheLeaderFieldOnceWhenAStandbyServesState() throws Exception {
    // Old masters served state from standbys too: pid names the standby, leader the leader.
    a.stubFor(
        get("/master/state")
            .willReturn(aResponse().withBody(TestSupport.fakeState(pid(c), pid(a)))));
    leads(c);
    try (MesosMasterSource source = source()) {
      assertThat(source.fetch().masters()).isEqualTo(new Masters(endpoint(c), all()));
    }
    c.verify(1, getRequestedFor(urlEqualTo("/master/state")));
    b.verify(0, getRequestedFor(urlEqualTo("/master/state")));
  }

  @Test
  void failsOverWhenTheLeaderDies() throws Exception {
    redirects(a, b);
    leads(b);
    List<Endpoint> all = all();
    try (MesosMasterSource source = source()) {
      assertThat(source.fetch().masters().leader()).isEqualTo(endpoint(b));
      // The next refresh asks the last leader directly.
      source.fetch();
      a.verify(1, getRequestedFor(urlEqualTo("/master/state")));
      b.verify(2, getRequestedFor(urlEqualTo("/master/state")));

      b.stop();
      redirects(a, c);
      leads(c);
      SourceReport report = source.fetch();
      assertThat(report.masters()).isEqualTo(new Masters(endpoint(c), all));
      FakeStateExpectations.assertFrameworksAgentsTasks(report);
    }
  }

  @Test
  void aRedirectLoopIsBoundedAndNamed() {
    redirects(a, b);
    redirects(b, a);
    redirects(c, a);
    try (MesosMasterSource source = source()) {
      assertThatThrownBy(source::fetch)
          .hasMessageContaining("no Mesos master gave the state")
          .hasMessageContaining("master " + hostPort(a) + ": redirect loop");
    }
  }

  @Test
  void aStateWithoutLeaderIsRejected() {
    String noLeader = TestSupport.fakeState("", pid(a));
    a.stubFor(get("/master/state").willReturn(aResponse().withBody(noLeader)));
    try (MesosMasterSource source =
        TestSupport.source(TestSupport.masters(List.of(hostPort(a))), registry)) {
      assertThatThrownBy(source::fetch)
          .hasMessage("master " + hostPort(a) + ": its state names no leader (no leader elected?)");
    }
  }
}
