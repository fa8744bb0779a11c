package io.signpost.core.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.signpost.core.naming.RecordGenerator;
import io.signpost.core.snapshot.Snapshots;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.SourceStatus;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.SourceReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the next snapshot whenever a source reports, off the query path, and swaps it in
 * atomically. Bursts of reports coalesce into one rebuild. The first snapshot waits until every
 * source has reported once (or the initial sync timeout passed), so a slow source never causes
 * false NXDOMAIN answers at start-up.
 */
final class SnapshotPublisher implements SnapshotFeed, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

  private volatile RecordGenerator generator;
  private final Clock clock;
  private volatile List<SourceRunner> runners = List.of();
  private final List<Consumer<RecordSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "snapshot-builder");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private Counter buildFailures;
  private volatile List<PlainRecord> ownRecords = List.of();
  private volatile RecordSnapshot current;
  private volatile boolean initialSyncOver;
  private volatile Set<String> allUnhealthy = Set.of();
  /** The reports (same instances) the current snapshot was built from; builder thread only. */
  private List<SourceReport> builtFrom = List.of();
  private List<PlainRecord> builtFromOwn;
  /** Rebuilds run and rebuilds skipped because the reports were the same instances (tests). */
  private final AtomicLong built = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  SnapshotPublisher(RecordGenerator generator, Clock clock) {
    this.generator = generator;
    this.clock = clock;
  }

  /**
   * Registers the publisher's meters. Called once every frontend exists, so registries that
   * frontends add to the shared composite (e.g. Prometheus) see them from the start. The
   * snapshot's own size, serial and age are read from the feed by whoever exports them.
   */
  void registerMeters(MeterRegistry registry) {
    buildFailures = Counter.builder("signpost.snapshot.build.failures")
        .description("Rebuilds that failed; the previous snapshot stayed in service")
        .register(registry);
    Gauge.builder("signpost.names.all.unhealthy", this, p -> p.allUnhealthy.size())
        .description("Names answered with unhealthy instances because none is healthy")
        .register(registry);
  }

  /** The sources whose reports make the snapshot, in configuration (merge) order. */
  void setRunners(List<SourceRunner> runners) {
    this.runners = List.copyOf(runners);
  }

  /** Names records with new settings from the next rebuild on (after a reload). */
  void setGenerator(RecordGenerator generator) {
    this.generator = generator;
  }

  void setOwnRecords(List<PlainRecord> records) {
    this.ownRecords = List.copyOf(records);
  }

  /** Called by the runners with each good report. */
  void reportArrived(String source, SourceReport report) {
    requestRebuild();
  }

  /** Ends the initial sync wait: from now on snapshots are built with whatever has arrived. */
  void endInitialSync() {
    if (!initialSyncOver) {
      initialSyncOver = true;
      List<String> missing = runners.stream().filter(r -> r.lastGood() == null)
          .map(SourceRunner::name).toList();
      if (!missing.isEmpty()) {
        log.warn("initial sync timed out; serving without data from: {}", String.join(", ", missing));
      }
      requestRebuild();
    }
  }

  void requestRebuild() {
    if (rebuildPending.compareAndSet(false, true)) {
      builder.execute(() -> {
        rebuildPending.set(false);
        rebuild();
      });
    }
  }

  private void rebuild() {
    List<SourceReport> reports = new ArrayList<>();
    boolean allReported = true;
    for (SourceRunner r : runners) {
      SourceReport report = r.lastGood();
      if (report == null) {
        allReported = false;
      } else {
        reports.add(report);
      }
    }
    if (!allReported && !initialSyncOver) {
      return;
    }
    if (reports.isEmpty() && !runners.isEmpty()) {
      return; // nothing to serve yet: keep answering SERVFAIL rather than NXDOMAIN
    }
    List<PlainRecord> own = ownRecords;
    if (sameInstances(reports, builtFrom) && own == builtFromOwn) {
      skipped.incrementAndGet();
      return; // every source sent the very report it sent before: nothing can have changed
    }
    built.incrementAndGet();
    try {
      List<SourceReport> inputs = List.copyOf(reports);
      reports.add(SourceReport.ofRecords(own));
      SourceReport merged = ReportMerger.merge(reports);
      RecordSnapshot previous = current;
      Instant now = clock.instant();
      RecordGenerator.Generated generated =
          generator.snapshot(merged, previous == null ? 0 : previous.serial(), now);
      noteUnhealthy(generated.allUnhealthy());
      RecordSnapshot next = generated.snapshot();
      builtFrom = inputs;
      builtFromOwn = own;
      if (previous != null && Snapshots.sameRecords(previous, next)) {
        return; // nothing changed: keep the serial, tell nobody
      }
      long serial = Math.max(previous == null ? 0 : previous.serial() + 1, now.getEpochSecond());
      next = Snapshots.withSerial(next, serial, now);
      current = next;
      if (previous == null) {
        log.info("first snapshot ready: serial {}, {} tasks", serial, merged.tasks().size());
      } else if (log.isDebugEnabled()) {
        // Counting names walks every task of a compact snapshot: only when it is logged.
        log.debug("snapshot {}: {} names, {} records", serial, next.names().size(), next.recordCount());
      }
      for (Consumer<RecordSnapshot> l : listeners) {
        notify(l, next);
      }
    } catch (RuntimeException | LinkageError e) {
      if (buildFailures != null) {
        buildFailures.increment();
      }
      log.error("building the record snapshot failed; still serving the previous one: {}",
          SourceRunner.message(e), e);
    }
  }

  long builtCount() {
    return built.get();
  }

  long skippedCount() {
    return skipped.get();
  }

  private static boolean sameInstances(List<SourceReport> a, List<SourceReport> b) {
    if (a.size() != b.size() || a.isEmpty()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** Logs when the set of names served only by unhealthy instances changes. */
  private void noteUnhealthy(Set<String> names) {
    if (!names.equals(allUnhealthy)) {
      if (!names.isEmpty()) {
        log.warn("every instance of {} fails its health checks; answering with all of them anyway",
            String.join(", ", names));
      } else {
        log.info("no name is served by unhealthy instances only any more");
      }
      allUnhealthy = names;
    }
  }

  private static void notify(Consumer<RecordSnapshot> listener, RecordSnapshot snapshot) {
    try {
      listener.accept(snapshot);
    } catch (RuntimeException e) {
      log.warn("a snapshot listener failed: {}", SourceRunner.message(e));
    }
  }

  @Override
  public RecordSnapshot current() {
    return current;
  }

  @Override
  public void subscribe(Consumer<RecordSnapshot> listener) {
    listeners.add(listener);
    RecordSnapshot now = current;
    if (now != null) {
      notify(listener, now);
    }
  }

  @Override
  public List<SourceStatus> sources() {
    return runners.stream().map(SourceRunner::status).toList();
  }

  @Override
  public void close() {
    builder.shutdownNow();
  }
}
