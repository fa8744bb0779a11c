package io.signpost.source.mesos;

import io.micrometer.core.instrument.MeterRegistry;
import io.signpost.spi.PolledSource;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.support.TrustedCertificates;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Mesos master state (from the leading master, or from a file) and reports it as the
 * cluster model. Naming is left to the core.
 *
 * <p>Finding the leader: the master that led last time is asked first, then the detector's
 * candidates in order (the static {@code masters} list, or ZooKeeper's view). Standby masters
 * redirect to the leader; when a master answers with a state whose {@code leader} is another
 * master, that leader is asked once.
 */
final class MesosMasterSource implements PolledSource {

  /** How far ahead in the last report an unchanged task is looked for. */
  private static final int REUSE_LOOKAHEAD = 16;

  private static final Logger LOG = LoggerFactory.getLogger(MesosMasterSource.class);

  private final MesosMasterConfig config;
  private final HostResolver resolver;
  private final Clock clock;
  private final StateParser parser;
  private final SourceMetrics metrics;
  private final Warnings warnings = new Warnings();
  private final ScheduledExecutorService timer;
  private final MasterClient client;
  private final MasterDetector detector;
  private HostPort lastLeader;
  private SourceReport lastReport;

  /**
   * Creates the source from its configuration.
   *
   * @param config the {@code sources.mesos-master} section
   * @param registry where the source's metrics go
   * @param configDir the configuration file's folder; relative file paths are relative to it
   */
  @Inject
  public MesosMasterSource(MesosMasterConfig config, MeterRegistry registry,
      @Named("configDir") Path configDir) {
    this(config.withPathsRelativeTo(configDir), registry, HostResolver.SYSTEM, Clock.systemUTC());
  }

  MesosMasterSource(
      MesosMasterConfig config, MeterRegistry registry, HostResolver resolver, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.resolver = resolver;
    this.clock = clock;
    this.parser = new StateParser(resolver, config.healthyOnly(), new HeapWatch()::count);
    this.metrics = new SourceMetrics(registry);
    if (config.stateFile() != null) {
      this.timer = null;
      this.client = null;
      this.detector = MasterDetector.fixed(config.masterAddresses());
    } else {
      this.timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "mesos-master-deadline");
                t.setDaemon(true);
                return t;
              });
      this.client =
          new MasterClient(
              tls(config),
              config.https(),
              Duration.ofSeconds(config.stateTimeoutSeconds()),
              Duration.ofSeconds(Math.min(config.stateTimeoutSeconds(), 30)),
              credentials(config),
              timer);
      this.detector =
          config.zk() != null
              ? new ZkMasterDetector(
                  ZkUrl.parse(config.zk()),
                  config.masterAddresses(),
                  Duration.ofSeconds(config.zkDetectionTimeout()))
              : MasterDetector.fixed(config.masterAddresses());
    }
  }

  @Override
  public Duration refreshInterval() {
    return Duration.ofSeconds(config.refreshSeconds());
  }

  @Override
  public synchronized SourceReport fetch() throws IOException {
    long start = System.nanoTime();
    try {
      Warnings.Batch batch = new Warnings.Batch();
      long bytes;
      MesosState state;
      UnaryOperator<Task> reuse = reuseUnchanged();
      if (config.stateFile() != null) {
        Path file = Path.of(config.stateFile());
        try (InputStream in = Files.newInputStream(file)) {
          state = parser.parse(in, batch, false, reuse);
        } catch (NoSuchFileException e) {
          throw new IOException("stateFile " + file + " does not exist", e);
        } catch (IOException e) {
          throw new IOException("stateFile " + file + ": " + e.getMessage(), e);
        }
        bytes = Files.size(file);
      } else {
        MasterClient.Response response = fetchFromLeader(reuse);
        state = response.state();
        bytes = response.bytes();
        batch = response.warnings();
      }
      SourceReport report =
          new SourceReport(
              state.frameworks(),
              state.agents(),
              state.tasks(),
              masters(state, batch),
              List.of());
      // An unchanged cluster gives the very same report instance, so consumers can skip the
      // rebuild with an identity check instead of comparing 100,000 tasks again.
      if (report.equals(lastReport)) {
        report = lastReport;
      } else {
        lastReport = report;
      }
      warnings.publish(batch, LOG);
      metrics.success(
          Duration.ofNanos(System.nanoTime() - start),
          bytes,
          state.tasks().size(),
          clock.instant().getEpochSecond());
      return report;
    } catch (IOException | RuntimeException e) {
      metrics.failure(Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
  }

  /**
   * Replaces, while the state is parsed, each task equal to the last report's task of the same ID
   * and name (IDs alone are not unique in real states) by that older instance.
   * On a big cluster most tasks do not change between refreshes: the fresh copies then die
   * young, memory holds about one model instead of two, and comparing reports is cheap.
   *
   * <p>Masters list tasks in a stable order, so the last report is walked alongside the new
   * state, looking a few tasks ahead where tasks came or went, instead of indexing 100,000 tasks
   * in a map every refresh. A task not found this way is simply not reused.
   */
  private UnaryOperator<Task> reuseUnchanged() {
    // The same function on the first fetch too (with nothing to reuse): the parser's call site
    // then never changes shape, and the JIT need not recompile it on the first refresh.
    List<Task> previous = lastReport == null ? List.of() : lastReport.tasks();
    int[] cursor = new int[1];
    return task -> {
      for (int i = cursor[0]; i < Math.min(previous.size(), cursor[0] + REUSE_LOOKAHEAD); i++) {
        Task old = previous.get(i);
        if (old.id().equals(task.id()) && old.name().equals(task.name())) {
          cursor[0] = i + 1;
          return task.equals(old) ? old : task;
        }
      }
      return task; // a new task: the cursor stays where the next old one should be
    };
  }

  /** Asks the last leader, then every candidate, until one gives the leader's state. */
  private MasterClient.Response fetchFromLeader(UnaryOperator<Task> reuse) throws IOException {
    Set<HostPort> candidates = new LinkedHashSet<>();
    List<HostPort> detected = detector.candidates();
    if (lastLeader != null && !detector.knowsLeader()) {
      candidates.add(lastLeader);
    }
    candidates.addAll(detected);
    if (candidates.isEmpty()) {
      throw new IOException("no Mesos master known to ask");
    }
    List<String> errors = new ArrayList<>();
    for (HostPort candidate : candidates) {
      try {
        MasterClient.Response response = fetchLeaderStateVia(candidate, reuse);
        if (!response.answeredBy().equals(lastLeader)) {
          LOG.info("reading the Mesos state from master {}", response.answeredBy());
          lastLeader = response.answeredBy();
        }
        return response;
      } catch (MasterException e) {
        errors.add(e.getMessage());
      }
    }
    throw new IOException(
        errors.size() == 1
            ? errors.get(0)
            : "no Mesos master gave the state: " + String.join("; ", errors));
  }

  private MasterClient.Response fetchLeaderStateVia(HostPort master, UnaryOperator<Task> reuse)
      throws MasterException {
    Warnings.Batch batch = new Warnings.Batch();
    MasterClient.Response response = client.fetchState(master, parser, batch, true, reuse);
    String answered = response.answeredBy().toString();
    MesosState state = response.state();
    if (state.leader().isEmpty()) {
      throw new MasterException(answered, "its state names no leader (no leader elected?)");
    }
    HostPort leader = pidAddress(state.leader());
    if (leader == null) {
      throw new MasterException(
          answered, "its state has a malformed leader '" + state.leader() + "'");
    }
    if (state.complete() && isLeader(state, response.answeredBy(), leader)) {
      return response;
    }
    // A master that is not the leader answered: ask the leader it names, once.
    return client.fetchState(leader, parser, new Warnings.Batch(), false, reuse);
  }

  private boolean isLeader(MesosState state, HostPort answeredBy, HostPort leader) {
    if (!state.pid().isEmpty()) {
      return state.pid().equals(state.leader());
    }
    if (answeredBy.port() != leader.port()) {
      return false;
    }
    if (answeredBy.host().equalsIgnoreCase(leader.host())) {
      return true;
    }
    try {
      return !Collections.disjoint(
          resolver.resolve(answeredBy.host()), resolver.resolve(leader.host()));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private Masters masters(MesosState state, Warnings.Batch batch) {
    Endpoint leader = null;
    if (!state.leader().isEmpty()) {
      HostPort hostPort = pidAddress(state.leader());
      if (hostPort == null) {
        batch.add("ignoring malformed leader '" + state.leader() + "' (expected name@ip:port)");
      } else {
        List<Endpoint> resolved = endpoints(hostPort, batch);
        leader = resolved.isEmpty() ? null : resolved.get(0);
      }
    }
    Set<Endpoint> members = new LinkedHashSet<>();
    for (HostPort member : detector.members()) {
      members.addAll(endpoints(member, batch));
    }
    return new Masters(leader, new ArrayList<>(members));
  }

  private List<Endpoint> endpoints(HostPort hostPort, Warnings.Batch batch) {
    try {
      List<Endpoint> endpoints = new ArrayList<>();
      for (InetAddress address : resolver.resolve(hostPort.host())) {
        endpoints.add(new Endpoint(address, hostPort.port()));
      }
      return endpoints;
    } catch (UnknownHostException e) {
      batch.add("master " + hostPort + ": host does not resolve");
      return List.of();
    }
  }

  /** The {@code host:port} of a PID {@code name@host:port}, or null when malformed. */
  static HostPort pidAddress(String pid) {
    String text = pid.strip();
    int at = text.indexOf('@');
    if (at < 0 || text.indexOf('@', at + 1) >= 0) {
      return null;
    }
    try {
      return HostPort.parse(text.substring(at + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void close() {
    detector.close();
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** TLS sockets trusting the configured CA file, or null for the JDK's default trust. */
  private static SSLSocketFactory tls(MesosMasterConfig config) {
    if (config.caCertFile() == null) {
      return null;
    }
    return TrustedCertificates.sslContext(
        Path.of(config.caCertFile()), "mesos-master: caCertFile").getSocketFactory();
  }

  private static Credentials credentials(MesosMasterConfig config) {
    if (config.mesosCredentials() != null) {
      return Credentials.basic(
          config.mesosCredentials().principal(), config.mesosCredentials().secret());
    }
    if (config.bearerTokenFile() != null) {
      return Credentials.bearerTokenFile(Path.of(config.bearerTokenFile()));
    }
    return Credentials.NONE;
  }
}
