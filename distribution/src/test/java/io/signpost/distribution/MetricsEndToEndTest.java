package io.signpost.distribution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signpost.testing.PrometheusText;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The whole server with both sources, the DNS and the HTTP frontend: real DNS queries, then
 * {@code /metrics} parsed as Prometheus text, checking that each meter the HTTP API issue lists
 * is there and moved by what was asked.
 */
class MetricsEndToEndTest {

  @TempDir Path dir;
  private WireMockServer master;
  private MarathonStub marathon;
  private ServerUnderTest server;
  private DatagramSocket deadUpstream;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (marathon != null) {
      marathon.close();
    }
    if (master != null) {
      master.stop();
    }
    if (deadUpstream != null) {
      deadUpstream.close();
    }
  }

  @Test
  void dnsQueriesMoveTheCountersAndEverySourceAndSnapshotMeterIsExported() throws Exception {
    master = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    master.start();
    master.stubFor(get(urlPathEqualTo("/master/state")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(BothSourcesEndToEndTest.resource("master-state.json")
            .replace("MASTER", "127.0.0.1:" + master.port()))));
    marathon = new MarathonStub(BothSourcesEndToEndTest.resource("marathon-apps.json"));
    // An upstream that never answers: the forwarded query times out and counts as an error.
    deadUpstream = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    server = ServerUnderTest.start(dir, """
        domain: mesos
        initialSyncTimeoutSeconds: 20
        sources:
          mesos-master:
            masters: ["127.0.0.1:%d"]
            refreshSeconds: 60
          marathon:
            urls: ["%s"]
            frameworkName: customers-marathon
        servers:
          dns: {listener: 127.0.0.1, port: 0, resolvers: ["127.0.0.1:%d"], timeout: 1}
          http: {listener: 127.0.0.1, port: 0}
        """.formatted(master.port(), marathon.url(), deadUpstream.getLocalPort()));
    await().atMost(Duration.ofSeconds(20)).until(() -> server.runtime.feed().current() != null);
    Instant started = Instant.now();

    Map<String, Double> before = scrape();
    String worker = "worker-docker-mt17-3.customers-marathon.mesos.";
    assertThat(server.query(worker, Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.query(worker, Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.query("nope.customers-marathon.mesos.", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.query("_worker-docker-mt17-3._tcp.customers-marathon.mesos.", Type.SRV)
        .getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.query("elsewhere.example.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    Map<String, Double> after = scrape();

    // DNS: by type and rcode, the latency histogram, forwarding and its failures.
    assertThat(delta(before, after, "signpost_dns_queries_total{qtype=\"A\",rcode=\"NOERROR\"}"))
        .isEqualTo(2);
    assertThat(delta(before, after, "signpost_dns_queries_total{qtype=\"A\",rcode=\"NXDOMAIN\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "signpost_dns_queries_total{qtype=\"SRV\",rcode=\"NOERROR\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "signpost_dns_queries_total{qtype=\"A\",rcode=\"SERVFAIL\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "signpost_dns_latency_seconds_count")).isEqualTo(5);
    assertThat(after.keySet()).anyMatch(k -> k.startsWith("signpost_dns_latency_seconds_bucket{le="));
    assertThat(delta(before, after, "signpost_dns_forwarded_total")).isEqualTo(1);
    assertThat(after.get("signpost_dns_upstream_errors_total{upstream=\"127.0.0.1:"
        + deadUpstream.getLocalPort() + "\"}")).isEqualTo(1);

    // Per source: last success, consecutive failures, fetch duration, what it reported.
    for (String source : new String[] {"mesos-master", "marathon"}) {
      String tag = "{source=\"" + source + "\"}";
      assertThat(after.get("signpost_source_last_success_seconds" + tag))
          .isCloseTo(started.getEpochSecond(), within(60.0));
      assertThat(after.get("signpost_source_consecutive_failures" + tag)).isZero();
      assertThat(after.get("signpost_source_tasks" + tag)).isEqualTo(8);
    }
    assertThat(after.get("signpost_source_fetch_seconds_count{source=\"mesos-master\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(after.get("signpost_source_fetch_seconds_sum{source=\"mesos-master\"}")).isPositive();
    // Marathon pushes; its full reads are timed by the source itself.
    assertThat(after.get("signpost_marathon_resync_seconds_count")).isGreaterThanOrEqualTo(1);

    // The snapshot being served, and the JVM.
    assertThat(after.get("signpost_snapshot_records"))
        .isEqualTo(server.runtime.feed().current().recordCount());
    assertThat(after.get("signpost_snapshot_names"))
        .isEqualTo(server.runtime.feed().current().names().size());
    assertThat(after.get("signpost_snapshot_age_seconds")).isBetween(0.0, 60.0);
    assertThat(after.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
        .anyMatch(k -> k.startsWith("jvm_threads_live_threads"))
        .anyMatch(k -> k.startsWith("jvm_gc_"));
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
    assertThat(after).containsKey(key);
    return after.get(key) - before.getOrDefault(key, 0.0);
  }

  private Map<String, Double> scrape() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.http.getPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    return PrometheusText.parse(r.body());
  }
}
