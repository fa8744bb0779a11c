package io.signpost.http;

import io.signpost.testing.ManualFeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Mesos-DNS {@code /v1} endpoints, over real HTTP, against whole expected documents. */
class MesosDnsEndpointsTest {
  private final ManualFeed feed = new ManualFeed(FixtureSnapshot.build());
  private HttpFrontend frontend;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    frontend = new HttpFrontend(new HttpConfig("127.0.0.1", 0, true), feed,
        FixtureSnapshot.settings(), new CompositeMeterRegistry(), new EffectiveConfig());
    frontend.start();
    http = new Http(frontend.port());
  }

  @AfterEach
  void stop() {
    frontend.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "/v1/version, version.json",
      "/v1/enumerate, enumerate.json",
      "/v1/axfr, axfr.json",
      "/v1/hosts/slave.mesos, hosts-slave.json",
      "/v1/hosts/SLAVE.Mesos., hosts-slave.json",
      "/v1/hosts/toy-store.*.ipv6-framework.mesos, hosts-toy-store.json",
      "/v1/hosts/nosuch.mesos, hosts-miss.json",
      "/v1/hosts/_slave._tcp.mesos, hosts-miss.json",
      "/v1/services/_LIQUOR-store._tcp.marathon.mesos, services-liquor-store.json",
      "/v1/services/_slave._tcp.mesos., services-slave.json",
      "/v1/services/_toy-store._tcp.ipv6-framework.mesos, services-toy-store.json",
      "/v1/services/_leader._tcp.*.mesos, services-leader-wildcard.json",
      "/v1/services/_nosuch._tcp.mesos, services-miss.json",
      "/v1/services/slave.mesos, services-miss.json",
  })
  void answersLikeMesosDns(String path, String expectedFile) {
    HttpResponse<String> response = http.get(path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Http.json(response)).isEqualTo(Http.expected(expectedFile));
  }

  @Test
  void enumerateWithoutFrameworksIsNullAsInMesosDns() {
    feed.publish(new io.signpost.core.snapshot.SnapshotBuilder().build(1, FixtureSnapshot.BUILT_AT));

    HttpResponse<String> response = http.get("/v1/enumerate");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response)).isEqualTo(Http.MAPPER.createObjectNode().putNull("frameworks"));
  }

  @Test
  void servesTheNewSnapshotAfterAnUpdate() {
    assertThat(Http.json(http.get("/v1/hosts/leader.mesos")).get(0).get("ip").asText())
        .isEqualTo("1.2.3.4");
    io.signpost.core.snapshot.SnapshotBuilder next = new io.signpost.core.snapshot.SnapshotBuilder();
    next.addAddress("leader.mesos.", java.net.InetAddress.getLoopbackAddress());
    feed.publish(next.build(2, FixtureSnapshot.BUILT_AT));

    assertThat(Http.json(http.get("/v1/hosts/leader.mesos")).get(0).get("ip").asText())
        .isEqualTo("127.0.0.1");
    assertThat(Http.json(http.get("/v1/axfr")).get("Serial").asLong()).isEqualTo(2);
  }

  @Test
  void hostPortsIsNotImplementedAsInMesosDns() {
    HttpResponse<String> response = http.get("/v1/hosts/slave.mesos/ports");

    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(Http.json(response).get("error").asText()).isEqualTo("To be implemented...");
  }

  @ParameterizedTest
  @CsvSource({"/v1/hosts/slave.mesos", "/v1/services/_slave._tcp.mesos", "/v1/enumerate", "/v1/axfr"})
  void dataEndpointsAnswer503BeforeTheFirstSnapshot(String path) {
    feed.publish(null);

    HttpResponse<String> response = http.get(path);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Http.json(response).get("error").asText()).contains("no records yet");
  }

  @Test
  void versionAnswersBeforeTheFirstSnapshot() {
    feed.publish(null);

    assertThat(Http.json(http.get("/v1/version"))).isEqualTo(Http.expected("version.json"));
  }

  @Test
  void describesTheBoundAddress() {
    assertThat(frontend.describe()).isEqualTo("http on 127.0.0.1:" + frontend.port());
  }
}
