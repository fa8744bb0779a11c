package io.signpost.source.mesos;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The source's meters, named {@code signpost.mesos.master.*}. */
final class SourceMetrics {

  private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final Timer fetchDuration;
  private final DistributionSummary fetchBytes;

  SourceMetrics(MeterRegistry registry) {
    Gauge.builder("signpost.mesos.master.last.success", lastSuccessEpochSeconds, AtomicLong::get)
        .description("Unix time of the last successful state fetch (0 before the first)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("signpost.mesos.master.consecutive.failures", consecutiveFailures,
            AtomicLong::get)
        .description("State fetches that failed in a row")
        .register(registry);
    Gauge.builder("signpost.mesos.master.tasks", tasks, AtomicLong::get)
        .description("Tasks in the last good state")
        .register(registry);
    fetchDuration =
        Timer.builder("signpost.mesos.master.fetch.duration")
            .description("Time to fetch and parse the state, failures included")
            .register(registry);
    fetchBytes =
        DistributionSummary.builder("signpost.mesos.master.fetch.bytes")
            .description("Size of the state as received")
            .baseUnit("bytes")
            .register(registry);
  }

  void success(Duration took, long bytes, int taskCount, long nowEpochSeconds) {
    fetchDuration.record(took);
    fetchBytes.record(bytes);
    tasks.set(taskCount);
    consecutiveFailures.set(0);
    lastSuccessEpochSeconds.set(nowEpochSeconds);
  }

  void failure(Duration took) {
    fetchDuration.record(took);
    consecutiveFailures.incrementAndGet();
  }
}
