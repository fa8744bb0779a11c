package io.signpost.core.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.signpost.spi.PolledSource;
import io.signpost.spi.PushSource;
import io.signpost.spi.ReportSink;
import io.signpost.spi.Source;
import io.signpost.spi.SourceStatus;
import io.signpost.spi.model.SourceReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured source: polls it or lets it push, keeps its last good report, and tracks
 * its health. A failure is logged once when the source starts failing (or fails differently),
 * not at every refresh, and once when it recovers.
 */
final class SourceRunner implements ReportSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);

  private final String name;
  private final Source source;
  private final Clock clock;
  private final BiConsumer<String, SourceReport> onReport;
  private final Timer fetchTimer;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private ScheduledExecutorService scheduler;

  private volatile SourceReport lastGood;
  private volatile Instant lastSuccess;
  private volatile long consecutiveFailures;
  private volatile String lastError;
  private volatile boolean closed;

  /**
   * A runner for {@code source}.
   *
   * @param carried the report of the instance this one replaces after a reload, served until
   *     this source reports, or {@code null}
   */
  SourceRunner(String name, Source source, Clock clock, MeterRegistry registry,
      BiConsumer<String, SourceReport> onReport, SourceReport carried) {
    this.name = name;
    this.source = source;
    this.clock = clock;
    this.onReport = onReport;
    this.registry = registry;
    this.lastGood = carried;
    this.fetchTimer = Timer.builder("signpost.source.fetch")
        .description("Time to fetch one report from a polled source")
        .tag("source", name)
        .register(registry);
    meters.add(fetchTimer);
    meters.add(Gauge.builder("signpost.source.consecutive.failures", this,
            r -> r.consecutiveFailures)
        .tag("source", name).register(registry));
    meters.add(Gauge.builder("signpost.source.last.success.seconds", this,
            r -> r.lastSuccess == null ? 0 : r.lastSuccess.getEpochSecond())
        .description("Unix time of the source's last good report").tag("source", name)
        .register(registry));
    meters.add(Gauge.builder("signpost.source.tasks", this,
            r -> r.lastGood == null ? 0 : r.lastGood.tasks().size())
        .tag("source", name).register(registry));
  }

  String name() {
    return name;
  }

  /** Starts polling, or lets a push source start. */
  void start() {
    if (source instanceof PolledSource polled) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "source-" + name);
        t.setDaemon(true);
        return t;
      });
      Duration interval = Objects.requireNonNull(polled.refreshInterval(), "refreshInterval");
      scheduler.scheduleWithFixedDelay(() -> poll(polled), 0, Math.max(1, interval.toMillis()),
          TimeUnit.MILLISECONDS);
    } else if (source instanceof PushSource push) {
      withPluginLoader(() -> push.start(this));
    } else {
      throw new IllegalStateException("source " + name + " (" + source.getClass().getName()
          + ") implements neither PolledSource nor PushSource");
    }
  }

  private void poll(PolledSource polled) {
    long start = System.nanoTime();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(source.getClass().getClassLoader());
    try {
      SourceReport report = polled.fetch();
      if (report == null) {
        failed("the source returned no report");
      } else {
        publish(report);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | LinkageError e) {
      failed(message(e));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      fetchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void publish(SourceReport report) {
    Objects.requireNonNull(report, "report");
    if (closed) {
      return; // a replaced instance still finishing a fetch
    }
    if (consecutiveFailures > 0) {
      log.info("source {}: recovered after {} failed attempt(s)", name, consecutiveFailures);
    } else if (lastSuccess == null) {
      log.info("source {}: first report: {} frameworks, {} agents, {} tasks, {} records", name,
          report.frameworks().size(), report.agents().size(), report.tasks().size(),
          report.records().size());
    }
    lastGood = report;
    lastSuccess = clock.instant();
    consecutiveFailures = 0;
    lastError = null;
    onReport.accept(name, report);
  }

  @Override
  public void failed(String reason) {
    if (closed) {
      // A fetch cut short by the shutdown (its executors stopped, its connection closed): not a
      // failure of the cluster, and not worth a warning with the executor's internals in it.
      log.debug("source {}: stopped during a fetch: {}", name, reason);
      return;
    }
    String why = reason == null || reason.isBlank() ? "unknown error" : reason;
    if (!why.equals(lastError)) {
      log.warn("source {}: {}{}", name, why,
          lastGood == null ? " (no data from it yet)" : " (serving its last good data)");
    }
    lastError = why;
    consecutiveFailures++;
  }

  SourceReport lastGood() {
    return lastGood;
  }

  SourceStatus status() {
    SourceReport r = lastGood;
    return new SourceStatus(name, lastSuccess, consecutiveFailures, lastError,
        r == null ? 0 : r.tasks().size());
  }

  @Override
  public void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    // A runner built for the same source after a reload registers its own meters.
    meters.forEach(registry::remove);
    try {
      withPluginLoader(source::close);
    } catch (RuntimeException e) {
      log.warn("source {}: error while closing: {}", name, message(e));
    }
  }

  private void withPluginLoader(Runnable action) {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(source.getClass().getClassLoader());
    try {
      action.run();
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** A one-line message for an exception: its own message, else its type. */
  static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName()
          + (e.getCause() != null && e.getCause() != e ? ": " + message(e.getCause()) : "");
    }
    return m.lines().findFirst().orElse(m);
  }
}
