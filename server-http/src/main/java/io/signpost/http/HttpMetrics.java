package io.signpost.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics side of the HTTP frontend: a Prometheus registry plugged into the process-wide
 * registry (so every component's meters are scraped), JVM metrics, snapshot gauges and this
 * server's own request timer.
 */
final class HttpMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpMetrics.class);

  private final MeterRegistry shared;
  private final PrometheusMeterRegistry prometheus;
  private final MeterRegistry target;
  private final List<Meter> owned = new ArrayList<>();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  HttpMetrics(MeterRegistry shared, SnapshotFeed feed, Clock clock) {
    this.shared = shared;
    this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (shared instanceof CompositeMeterRegistry composite) {
      composite.add(prometheus); // also receives the meters registered before
      target = composite;
    } else {
      // Without a composite the other components' meters cannot be reached: say so once.
      log.warn("http: the MeterRegistry is a {}, not a CompositeMeterRegistry: /metrics shows "
          + "only JVM, snapshot and HTTP metrics", shared.getClass().getSimpleName());
      target = prometheus;
    }
    new JvmMemoryMetrics().bindTo(target);
    gcMetrics.bindTo(target);
    new JvmThreadMetrics().bindTo(target);
    new ProcessorMetrics().bindTo(target);

    gauge("signpost.snapshot.age", "Seconds since the snapshot being served was built", "seconds",
        feed, f -> snapshotValue(f, s ->
            Duration.between(s.builtAt(), clock.instant()).toMillis() / 1000.0));
    gauge("signpost.snapshot.records", "Records (values) in the snapshot being served", null,
        feed, f -> snapshotValue(f, RecordSnapshot::recordCount));
    gauge("signpost.snapshot.names", "Names with records in the snapshot being served", null,
        feed, f -> snapshotValue(f, s -> s.names().size()));
    gauge("signpost.snapshot.serial", "SOA serial of the snapshot being served", null,
        feed, f -> snapshotValue(f, RecordSnapshot::serial));
  }

  private static double snapshotValue(SnapshotFeed feed, ToDoubleFunction<RecordSnapshot> f) {
    RecordSnapshot snapshot = feed.current();
    return snapshot == null ? Double.NaN : f.applyAsDouble(snapshot);
  }

  private void gauge(String name, String help, String unit, SnapshotFeed feed,
      ToDoubleFunction<SnapshotFeed> value) {
    owned.add(Gauge.builder(name, feed, value)
        .description(help)
        .baseUnit(unit)
        .strongReference(true)
        .register(target));
  }

  /** Records one answered request; {@code endpoint} is the route, never the raw path. */
  void request(String endpoint, int status, long nanos) {
    Timer timer = Timer.builder("signpost.http.requests")
        .description("HTTP API requests by endpoint and status")
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .register(target);
    timer.record(Duration.ofNanos(nanos));
  }

  /** The Prometheus exposition of every meter, in the format {@code contentType} names. */
  String scrape(String contentType) {
    return prometheus.scrape(contentType);
  }

  @Override
  public void close() {
    owned.forEach(target::remove);
    gcMetrics.close();
    if (shared instanceof CompositeMeterRegistry composite) {
      composite.remove(prometheus);
    }
    prometheus.close();
  }
}
