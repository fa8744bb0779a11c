package io.signpost.distribution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The Mesos master source (WireMock serving a master state) and the Marathon source (a stub with
 * a live event stream) configured together, asked over real DNS: a task both report is answered
 * once, Marathon's health and IP-per-task view refine the master's, and Marathon events reach
 * the answers at once although the master is polled only every minute.
 */
class BothSourcesEndToEndTest {

  private static final String AGENT = "7c1d3a52-1f0e-4b8a-9d1e-5a2b3c4d5e6f-";
  private static final String API = "api-docker-mt42-1.customers-marathon.mesos.";
  private static final String API_SRV = "_api-docker-mt42-1._tcp.customers-marathon.mesos.";
  private static final String WEB = "web.customers-marathon.mesos.";
  private static final String WEB_SRV = "_web._tcp.customers-marathon.mesos.";
  private static final String WORKER = "worker-docker-mt17-3.customers-marathon.mesos.";
  private static final String WORKER_SRV = "_worker-docker-mt17-3._tcp.customers-marathon.mesos.";

  private static WireMockServer master;

  @TempDir Path dir;
  private MarathonStub marathon;
  private ServerUnderTest server;

  @BeforeAll
  static void startMaster() throws IOException {
    master = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    master.start();
    String state = resource("master-state.json")
        .replace("MASTER", "127.0.0.1:" + master.port());
    master.stubFor(get(urlPathEqualTo("/master/state")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(state)));
  }

  @AfterAll
  static void stopMaster() {
    master.stop();
  }

  @BeforeEach
  void startMarathon() throws IOException {
    marathon = new MarathonStub(resource("marathon-apps.json"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    marathon.close();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = BothSourcesEndToEndTest.class.getResourceAsStream("/together/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private ServerUnderTest start(boolean withMaster, boolean withMarathon) throws Exception {
    return start(withMaster, withMarathon, "");
  }

  private ServerUnderTest start(boolean withMaster, boolean withMarathon, String marathonExtra)
      throws Exception {
    StringBuilder yaml = new StringBuilder("""
        domain: mesos
        ipSources: [netinfo, mesos, host]
        initialSyncTimeoutSeconds: 20
        sources:
        """);
    if (withMaster) {
      yaml.append("  mesos-master:\n    masters: [\"127.0.0.1:").append(master.port())
          .append("\"]\n    refreshSeconds: 60\n");
    }
    if (withMarathon) {
      yaml.append("  marathon:\n    urls: [\"").append(marathon.url())
          .append("\"]\n    frameworkName: customers-marathon\n").append(marathonExtra);
    }
    yaml.append("""
        servers:
          dns: {listener: 127.0.0.1, port: 0}
          http: {listener: 127.0.0.1, port: 0}
        """);
    server = ServerUnderTest.start(dir, yaml.toString());
    await().atMost(Duration.ofSeconds(20)).until(() -> server.runtime.feed().current() != null);
    if (withMarathon) {
      await().atMost(Duration.ofSeconds(20)).until(marathon::streamOpen);
    }
    return server;
  }

  private void restart(boolean withMaster, boolean withMarathon) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
    start(withMaster, withMarathon);
  }

  @Test
  void aTaskBothSourcesReportIsAnsweredOnce() throws Exception {
    start(true, false);
    Set<String> workerA = server.answers(WORKER, Type.A);
    Set<String> workerSrv = server.answers(WORKER_SRV, Type.SRV);
    assertThat(workerA).containsExactly("10.0.1.10", "10.0.1.11");
    assertThat(workerSrv).hasSize(2);

    restart(true, true);
    assertThat(server.answerList(WORKER, Type.A)).hasSize(2);
    assertThat(server.answers(WORKER, Type.A)).isEqualTo(workerA);
    assertThat(server.answerList(WORKER_SRV, Type.SRV)).hasSize(2);
    assertThat(server.answers(WORKER_SRV, Type.SRV)).isEqualTo(workerSrv);
    // One framework, three agents: not doubled by the second source either.
    assertThat(server.runtime.feed().current().enumeration()).hasSize(1);

    restart(false, true);
    assertThat(server.answers(WORKER, Type.A)).isEqualTo(workerA);
    assertThat(server.answers(WORKER_SRV, Type.SRV)).isEqualTo(workerSrv);
  }

  @Test
  void marathonHealthLeavesOutATaskTheMasterAlonePublishes() throws Exception {
    start(true, false);
    assertThat(server.answers(WEB, Type.A)).containsExactly("10.0.1.10", "10.0.1.11", "10.0.1.12");
    assertThat(server.answerList(WEB_SRV, Type.SRV)).hasSize(3);

    restart(true, true);
    assertThat(server.answers(WEB, Type.A)).containsExactly("10.0.1.10", "10.0.1.12");
    assertThat(server.answerList(WEB_SRV, Type.SRV)).hasSize(2)
        .noneSatisfy(srv -> assertThat(srv).contains(" 31002 "));
  }

  @Test
  void marathonGivesContainerIpsAndPortsTheMasterLacks() throws Exception {
    start(true, false);
    assertThat(server.answers(API, Type.A)).containsExactly("10.0.1.10", "10.0.1.11", "10.0.1.12");
    assertThat(server.answers(API_SRV, Type.SRV)).isEmpty();

    restart(true, true);
    assertThat(server.answers(API, Type.A)).containsExactly("10.42.0.11", "10.42.0.12", "10.42.0.13");
    assertThat(server.answerList(API_SRV, Type.SRV)).hasSize(3)
        .allSatisfy(srv -> assertThat(srv.split(" ")[2]).isEqualTo("5000"));
  }

  @Test
  void marathonEventsReachTheAnswersWithinOneSecond() throws Exception {
    start(true, true);
    assertThat(server.answers(WORKER, Type.A)).containsExactly("10.0.1.10", "10.0.1.11");
    Duration second = Duration.ofSeconds(1);

    // Started: a third worker on 10.0.1.12, which the master will only see at its next poll.
    marathon.event("status_update_event", MarathonStub.statusUpdate("/docker-mt17-3/worker",
        "worker.docker-mt17-3.new", "TASK_RUNNING", "10.0.1.12", 31012, AGENT + "S2"));
    await().atMost(second).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        assertThat(server.answers(WORKER, Type.A))
            .containsExactly("10.0.1.10", "10.0.1.11", "10.0.1.12"));
    assertThat(server.answerList(WORKER_SRV, Type.SRV)).hasSize(3);

    // Killed: gone from the answers although the master still lists it as running.
    String killed = "worker.docker-mt17-3.3f0a6e21-c9d4-11f0-9a53-0242ac110001";
    marathon.event("status_update_event", MarathonStub.statusUpdate("/docker-mt17-3/worker",
        killed, "TASK_KILLED", "10.0.1.11", 31011, AGENT + "S1"));
    await().atMost(second).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        assertThat(server.answers(WORKER, Type.A)).containsExactly("10.0.1.10", "10.0.1.12"));
    assertThat(server.answerList(WORKER_SRV, Type.SRV)).hasSize(2);

    // Health: the failing web task recovers and is answered again.
    String web2 = "web.3f0a6e11-c9d4-11f0-9a53-0242ac110001";
    marathon.event("health_status_changed_event", "{\"appId\":\"/web\",\"taskId\":\"" + web2
        + "\",\"alive\":true,\"eventType\":\"health_status_changed_event\"}");
    await().atMost(second).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        assertThat(server.answers(WEB, Type.A))
            .containsExactly("10.0.1.10", "10.0.1.11", "10.0.1.12"));
  }

  @Test
  void httpApiAgreesWithDnsIsReadyAndHidesTheSecret() throws Exception {
    start(true, true, "    principal: signpost\n    secret: s3cr3t-marathon\n");
    HttpClient client = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + server.http.getPort());

    HttpResponse<String> ready = client.send(HttpRequest.newBuilder(base.resolve("/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("mesos-master", "marathon");

    HttpResponse<String> config = client.send(
        HttpRequest.newBuilder(base.resolve("/v1/config")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).contains("customers-marathon").doesNotContain("s3cr3t-marathon");

    HttpResponse<String> hosts = client.send(HttpRequest.newBuilder(
        base.resolve("/v1/hosts/API-docker-mt42-1.customers-marathon.mesos.")).build(),
        HttpResponse.BodyHandlers.ofString());
    Set<String> ips = new TreeSet<>();
    new ObjectMapper().readTree(hosts.body()).forEach(n -> ips.add(n.get("ip").asText()));
    assertThat(ips).isEqualTo(server.answers(API, Type.A));
  }
}
