package io.signpost.source.mesos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.signpost.source.mesos.TestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source reading one WireMock master on loopback. */
class HttpSourceTest {

  private WireMockServer master;
  private String self;

  @BeforeEach
  void start() {
    master = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    master.start();
    self = "master@127.0.0.1:" + master.port();
  }

  @AfterEach
  void stop() {
    master.stop();
  }

  @Test
  void readsTheFixtureFromTheLeader() throws Exception {
    master.stubFor(
        get("/master/state")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(TestSupport.fakeState(self, self))));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MesosMasterSource source =
        TestSupport.source(TestSupport.masters(List.of("127.0.0.1:" + master.port())), registry)) {
      SourceReport report = source.fetch();

      FakeStateExpectations.assertFrameworksAgentsTasks(report);
      Endpoint self = new Endpoint(ip("127.0.0.1"), master.port());
      assertThat(report.masters()).isEqualTo(new Masters(self, List.of(self)));
      // Nothing relevant changed: the same report instance comes back.
      assertThat(source.fetch()).isSameAs(report);
    }
    // Mesos 1.8+ serves only /master/state; the deprecated state.json is never asked for.
    master.verify(2, getRequestedFor(urlEqualTo("/master/state")));
    assertThat(registry.get("signpost.mesos.master.tasks").gauge().value()).isEqualTo(10);
    // WireMock gzips when the client accepts it, so fewer bytes come over the wire than the
    // document has.
    assertThat(registry.get("signpost.mesos.master.fetch.bytes").summary().totalAmount())
        .isPositive()
        .isLessThan(TestSupport.fakeState(self, self).getBytes(StandardCharsets.UTF_8).length);
    assertThat(registry.get("signpost.mesos.master.last.success").gauge().value())
        .isGreaterThan(0);
  }

  @Test
  void aChangedStateReusesTheUnchangedTaskInstances() throws Exception {
    String state = TestSupport.fakeState(self, self);
    master.stubFor(get("/master/state").willReturn(aResponse().withBody(state)));
    try (MesosMasterSource source =
        TestSupport.source(
            TestSupport.masters(List.of("127.0.0.1:" + master.port())),
            new SimpleMeterRegistry())) {
      SourceReport first = source.fetch();
      master.stubFor(
          get("/master/state")
              .willReturn(aResponse().withBody(state.replace("TASK_KILLED", "TASK_RUNNING"))));
      SourceReport second = source.fetch();

      assertThat(second).isNotEqualTo(first);
      assertThat(first.tasks().get(2).state()).isEqualTo("TASK_KILLED");
      assertThat(second.tasks().get(2).state()).isEqualTo(Task.RUNNING);
      for (int i = 0; i < first.tasks().size(); i++) {
        if (i != 2) {
          assertThat(second.tasks().get(i)).isSameAs(first.tasks().get(i));
        }
      }
    }
  }

  @Test
  void acceptsAndDecodesGzip() throws Exception {
    byte[] plain = TestSupport.fakeState(self, self).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(plain);
    }
    master.stubFor(
        get("/master/state")
            .withHeader("Accept-Encoding", com.github.tomakehurst.wiremock.client.WireMock
                .containing("gzip"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Content-Encoding", "gzip")
                    .withBody(zipped.toByteArray())));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MesosMasterSource source =
        TestSupport.source(TestSupport.masters(List.of("127.0.0.1:" + master.port())), registry)) {
      FakeStateExpectations.assertFrameworksAgentsTasks(source.fetch());
    }
    // Bytes are counted as received, compressed.
    assertThat(registry.get("signpost.mesos.master.fetch.bytes").summary().totalAmount())
        .isEqualTo(zipped.size());
  }

  @Test
  void readsARealMesos12StateWithHealthLabelsAndDiscovery() throws Exception {
    String state =
        TestSupport.resource("mesos/master-state.mesos-1.2.0.dcos.json")
            .replace("master@10.0.4.58:5050", self);
    master.stubFor(get("/master/state").willReturn(aResponse().withBody(state)));
    try (MesosMasterSource source =
        TestSupport.source(
            TestSupport.masters(List.of("127.0.0.1:" + master.port())),
            new SimpleMeterRegistry())) {
      SourceReport report = source.fetch();
      assertThat(report.frameworks())
          .extracting(f -> f.name())
          .containsExactly("confluent-kafka", "marathon", "metronome");
      assertThat(report.agents()).hasSize(2);
      assertThat(report.tasks()).hasSize(3);
      var kafka =
          report.tasks().stream().filter(t -> t.name().equals("confluent-kafka")).findFirst()
              .orElseThrow();
      assertThat(kafka.resourcePorts()).containsExactly(24348, 24349);
      assertThat(kafka.discovery().ports())
          .extracting(p -> p.number() + "/" + p.protocol() + "/" + p.name())
          .containsExactly("24348/tcp/health", "24349/tcp/api");
      assertThat(kafka.containerIps())
          .extracting(ip -> ip.address().getHostAddress() + " " + ip.source())
          .containsExactly("10.0.2.121 NETINFO");
      // Task labels (DCOS_PACKAGE_*, ...) play no part in DNS and are not read.
      assertThat(kafka.labels()).isEmpty();
    }
  }
}
