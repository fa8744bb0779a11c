package io.signpost.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.signpost.spi.SourceStatus;
import io.signpost.testing.ManualFeed;
import io.signpost.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /health}, {@code /ready} and {@code /metrics}. */
class OperationsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualFeed feed = new ManualFeed();
  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private HttpFrontend frontend;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    frontend = new HttpFrontend(new HttpConfig("127.0.0.1", 0, true), feed,
        FixtureSnapshot.settings(), registry, new EffectiveConfig());
    frontend.start();
    http = new Http(frontend.port());
  }

  @AfterEach
  void stop() {
    frontend.close();
  }

  @Test
  void healthIsUpEvenBeforeAnyRecord() {
    HttpResponse<String> response = http.get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Http.json(response)).isEqualTo(Http.MAPPER.createObjectNode().put("status", "UP"));
  }

  @Test
  void readyOnlyOnceEverySourceReportedAndASnapshotExists() throws Exception {
    feed.sources(List.of(
        new SourceStatus("mesos", null, 2, "master 127.0.0.1:5050: connection refused", 0),
        new SourceStatus("marathon", T0, 0, null, 7)));

    HttpResponse<String> before = http.get("/ready");

    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(Http.json(before)).isEqualTo(Http.MAPPER.readTree("""
        {"status": "DOWN", "waitingFor": ["mesos"], "snapshot": false,
         "sources": {
           "mesos": {"reported": false, "lastSuccess": null, "consecutiveFailures": 2,
                     "lastError": "master 127.0.0.1:5050: connection refused"},
           "marathon": {"reported": true, "lastSuccess": "2026-01-01T00:00:00Z",
                        "consecutiveFailures": 0, "lastError": null}}}
        """));

    feed.sources(List.of(
        new SourceStatus("mesos", T0, 0, null, 5),
        new SourceStatus("marathon", T0, 0, null, 7)));
    HttpResponse<String> reportedButNoSnapshot = http.get("/ready");
    assertThat(reportedButNoSnapshot.statusCode()).isEqualTo(503);
    assertThat(Http.json(reportedButNoSnapshot).get("snapshot").asBoolean()).isFalse();

    feed.publish(FixtureSnapshot.build());
    HttpResponse<String> after = http.get("/ready");

    assertThat(after.statusCode()).isEqualTo(200);
    JsonNode body = Http.json(after);
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.has("waitingFor")).isFalse();
    assertThat(body.at("/sources/mesos/reported").asBoolean()).isTrue();
  }

  @Test
  void metricsShowEveryComponentsMetersSnapshotJvmAndHttp() {
    // What the DNS frontend would register on the shared registry.
    Counter queries = Counter.builder("signpost.dns.queries")
        .tag("type", "A").tag("rcode", "NOERROR").register(registry);
    queries.increment(3);
    feed.publish(FixtureSnapshot.build());
    http.get("/v1/hosts/slave.mesos");
    http.get("/v1/hosts/slave.mesos");
    http.get("/no/such/path");

    HttpResponse<String> response = http.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Map<String, Double> samples = PrometheusText.parse(response.body());
    assertThat(samples).containsEntry("signpost_dns_queries_total{rcode=\"NOERROR\",type=\"A\"}", 3.0);
    assertThat(samples).containsEntry("signpost_snapshot_records", 80.0);
    assertThat(samples).containsEntry("signpost_snapshot_serial", 1.7e9);
    assertThat(samples).containsKey("signpost_snapshot_names");
    // Built in 2023 by the fixture: the age is large and positive.
    assertThat(samples.get("signpost_snapshot_age_seconds")).isGreaterThan(365 * 86400.0);
    assertThat(samples).containsEntry(
        "signpost_http_requests_seconds_count{endpoint=\"/v1/hosts/{host}\",status=\"200\"}", 2.0);
    assertThat(samples).containsEntry(
        "signpost_http_requests_seconds_count{endpoint=\"unmatched\",status=\"404\"}", 1.0);
    assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
    assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_threads_live_threads"));
    assertThat(samples).containsKey("system_cpu_count");
  }

  @Test
  void snapshotGaugesAreNotANumberBeforeTheFirstSnapshot() {
    Map<String, Double> samples = PrometheusText.parse(http.get("/metrics").body());

    assertThat(samples.get("signpost_snapshot_records")).isNaN();
  }

  @Test
  void snapshotAgeFollowsTheServedSnapshot() {
    io.signpost.core.snapshot.SnapshotBuilder fresh = new io.signpost.core.snapshot.SnapshotBuilder();
    feed.publish(fresh.build(7, Instant.now()));

    Map<String, Double> samples = PrometheusText.parse(http.get("/metrics").body());

    assertThat(samples.get("signpost_snapshot_age_seconds")).isCloseTo(0.0, within(600.0));
    assertThat(samples).containsEntry("signpost_snapshot_records", 0.0);
  }

  @Test
  void metricsInOpenMetricsFormatWhenAsked() {
    HttpResponse<String> response = http.get("/metrics",
        "Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text");
    assertThat(response.body()).endsWith("# EOF\n");
  }

  @Test
  void closingRemovesThePrometheusRegistryFromTheComposite() {
    assertThat(registry.getRegistries()).hasSize(1);

    frontend.close();

    assertThat(registry.getRegistries()).isEmpty();
  }

  @Test
  void withAPlainRegistryMetricsStillShowJvmSnapshotAndHttp() throws Exception {
    var plain = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    feed.publish(FixtureSnapshot.build());
    try (HttpFrontend alone = new HttpFrontend(new HttpConfig("127.0.0.1", 0, true), feed,
        FixtureSnapshot.settings(), plain, new EffectiveConfig())) {
      alone.start();
      Map<String, Double> samples = PrometheusText.parse(new Http(alone.port()).get("/metrics").body());

      assertThat(samples).containsEntry("signpost_snapshot_records", 80.0);
      assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
    }
  }
}
