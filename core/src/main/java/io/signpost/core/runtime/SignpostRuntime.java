package io.signpost.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.PrivateModule;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.name.Names;
import com.google.inject.spi.Message;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.core.config.EffectiveConfig;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.naming.RecordGenerator;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.Frontend;
import io.signpost.spi.FrontendProvider;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.Source;
import io.signpost.spi.SourceProvider;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.SourceReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the configured sources feeding one snapshot, served by the configured
 * frontends. Each plugin section is built in a Guice injector of its own (core bindings plus the
 * plugin's private module), so that a section can be rebuilt on its own when the configuration
 * is reloaded: see {@link #reload(LoadedConfig)}.
 */
public final class SignpostRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SignpostRuntime.class);
  private static final ObjectMapper TREES = JsonMapper.builder()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

  private final Clock clock;
  private final SnapshotPublisher publisher;
  private final CompositeMeterRegistry registry;
  private final List<SourceSlot> sources = new ArrayList<>();
  private final List<FrontendSlot> frontends = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "initial-sync");
    t.setDaemon(true);
    return t;
  });
  private LoadedConfig config;
  private volatile JsonNode effective;
  private boolean started;
  private boolean closed;

  /** A frontend with its config section name. */
  public record NamedFrontend(String name, Frontend frontend) {}

  /**
   * What a reload did, by section name ({@code sources.x} / {@code servers.y}).
   *
   * @param restarted sections stopped and built again because their configuration changed
   * @param added sections new in the configuration, started
   * @param removed sections gone from the configuration, stopped
   * @param unchanged sections left running as they were
   * @param failed one line per section that could not be rebuilt (the old one runs again when
   *     it could be restored)
   * @param settingsChanged whether the top-level settings changed (the snapshot is rebuilt)
   */
  public record Reload(List<String> restarted, List<String> added, List<String> removed,
      List<String> unchanged, List<String> failed, boolean settingsChanged) {
    public Reload {
      restarted = List.copyOf(restarted);
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      unchanged = List.copyOf(unchanged);
      failed = List.copyOf(failed);
    }
  }

  /** One running source and what it was built from. */
  private record SourceSlot(LoadedConfig.Section<SourceProvider<?>> section, JsonNode tree,
      CoreSettings settings, SourceRunner runner, List<Meter.Id> meters)
      implements Slot<SourceProvider<?>> {
    @Override
    public String key() {
      return "sources." + section.name();
    }
  }

  /** One frontend and what it was built from. */
  private record FrontendSlot(LoadedConfig.Section<FrontendProvider<?>> section, JsonNode tree,
      CoreSettings settings, Frontend frontend, List<PlainRecord> ownRecords,
      List<Meter.Id> meters) implements Slot<FrontendProvider<?>> {
    @Override
    public String key() {
      return "servers." + section.name();
    }
  }

  private SignpostRuntime(LoadedConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.registry = new CompositeMeterRegistry();
    // A local registry keeps meters readable (e.g. in tests) even with no exporter installed.
    this.registry.add(new SimpleMeterRegistry());
    this.publisher = new SnapshotPublisher(
        new RecordGenerator(config.top().coreSettings()), clock);
    this.effective = EffectiveConfig.of(config);
  }

  /**
   * Builds every configured source and frontend.
   *
   * @throws StartupException naming the section whose plugin could not be built
   */
  public static SignpostRuntime create(LoadedConfig config) throws StartupException {
    return create(config, Clock.systemUTC());
  }

  static SignpostRuntime create(LoadedConfig config, Clock clock) throws StartupException {
    SignpostRuntime runtime = new SignpostRuntime(config, clock);
    try {
      runtime.build();
    } catch (StartupException | RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  private void build() throws StartupException {
    CoreSettings settings = config.top().coreSettings();
    // Frontends first: one of them may add an exporting registry (Prometheus) to the composite,
    // which should exist before the core and the sources register their meters.
    for (LoadedConfig.Section<FrontendProvider<?>> s : config.servers()) {
      frontends.add(buildFrontend(s, settings));
    }
    publisher.registerMeters(registry);
    for (LoadedConfig.Section<SourceProvider<?>> s : config.sources()) {
      sources.add(buildSource(s, settings, null));
    }
    publishTopology();
  }

  private FrontendSlot buildFrontend(LoadedConfig.Section<FrontendProvider<?>> s,
      CoreSettings settings) throws StartupException {
    Set<Meter.Id> before = meterIds();
    Frontend f = instance("servers." + s.name(), Frontend.class, s.config(),
        moduleOf(s.provider(), s.config()), settings);
    List<PlainRecord> own;
    try {
      own = List.copyOf(f.ownRecords());
    } catch (RuntimeException e) {
      closeQuietly("servers." + s.name(), f);
      throw new StartupException("servers." + s.name() + ": cannot build: "
          + SourceRunner.message(e));
    }
    return new FrontendSlot(s, tree(s.config()), settings, f, own,
        new ArrayList<>(addedSince(before)));
  }

  private SourceSlot buildSource(LoadedConfig.Section<SourceProvider<?>> s,
      CoreSettings settings, SourceReport carried) throws StartupException {
    Set<Meter.Id> before = meterIds();
    Source source = instance("sources." + s.name(), Source.class, s.config(),
        moduleOf(s.provider(), s.config()), settings);
    SourceRunner runner = new SourceRunner(s.name(), source, clock, registry,
        publisher::reportArrived, carried);
    return new SourceSlot(s, tree(s.config()), settings, runner,
        new ArrayList<>(addedSince(before)));
  }

  /** Builds one plugin section in an injector of its own. */
  private <T> T instance(String key, Class<T> type, Object sectionConfig, Module plugin,
      CoreSettings settings) throws StartupException {
    try {
      Injector injector = Guice.createInjector(Stage.PRODUCTION, coreModule(settings),
          privateModule(type, sectionConfig, plugin));
      return injector.getInstance(Key.get(type, Names.named("plugin")));
    } catch (CreationException e) {
      throw new StartupException(key + ": cannot build: " + firstMessage(e.getErrorMessages()));
    } catch (ProvisionException e) {
      throw new StartupException(key + ": cannot build: " + firstMessage(e.getErrorMessages()));
    } catch (RuntimeException | LinkageError e) {
      throw new StartupException(key + ": cannot build: " + SourceRunner.message(e));
    }
  }

  /** What every plugin may inject. The effective config is read when asked, so it stays current. */
  private Module coreModule(CoreSettings settings) {
    Path configDir = config.directory();
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(CoreSettings.class).toInstance(settings);
        bind(SnapshotFeed.class).toInstance(publisher);
        bind(CompositeMeterRegistry.class).toInstance(registry);
        bind(MeterRegistry.class).toInstance(registry);
        bind(Clock.class).toInstance(clock);
        bind(JsonNode.class).annotatedWith(Names.named("effectiveConfig"))
            .toProvider(() -> effective);
        bind(Path.class).annotatedWith(Names.named("configDir")).toInstance(configDir);
      }
    };
  }

  private static Module privateModule(Class<?> exposed, Object config, Module plugin) {
    return new PrivateModule() {
      @Override
      @SuppressWarnings({"unchecked", "rawtypes"})
      protected void configure() {
        bind((Class) config.getClass()).toInstance(config);
        install(plugin);
        Key key = Key.get(exposed, Names.named("plugin"));
        bind(key).to(exposed);
        expose(key);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <C> Module moduleOf(SourceProvider<C> provider, Object config) {
    return provider.module((C) config);
  }

  @SuppressWarnings("unchecked")
  private static <C> Module moduleOf(FrontendProvider<C> provider, Object config) {
    return provider.module((C) config);
  }

  private static String firstMessage(Collection<Message> messages) {
    for (Message m : messages) {
      Throwable cause = m.getCause();
      String text = cause != null ? SourceRunner.message(cause) : m.getMessage();
      return text.lines().findFirst().orElse(text);
    }
    return "unknown error";
  }

  /** A section's bound config as a tree: what "the section changed" is decided on. */
  private static JsonNode tree(Object sectionConfig) {
    try {
      return TREES.valueToTree(sectionConfig);
    } catch (IllegalArgumentException e) {
      return TREES.getNodeFactory().textNode(String.valueOf(sectionConfig));
    }
  }

  /** Something that starts a plugin instance. */
  private interface Start<E extends Exception> {
    void run() throws E;
  }

  /** Runs {@code start}, adding the meters it registers to {@code meters} ({@link #addedSince}). */
  private <E extends Exception> void startRecordingMeters(List<Meter.Id> meters, Start<E> start)
      throws E {
    Set<Meter.Id> before = meterIds();
    start.run();
    meters.addAll(addedSince(before));
  }

  private Set<Meter.Id> meterIds() {
    Set<Meter.Id> ids = new HashSet<>();
    registry.getMeters().forEach(m -> ids.add(m.getId()));
    return ids;
  }

  /**
   * Meters registered since {@code before}: the ones a plugin instance made while built or
   * started, removed when it stops so that its replacement registers its own.
   */
  private List<Meter.Id> addedSince(Set<Meter.Id> before) {
    List<Meter.Id> added = new ArrayList<>();
    registry.getMeters().forEach(m -> {
      if (!before.contains(m.getId())) {
        added.add(m.getId());
      }
    });
    return added;
  }

  /** Tells the publisher which sources run, in configuration order, and the frontends' records. */
  private void publishTopology() {
    publisher.setRunners(sources.stream().map(SourceSlot::runner).toList());
    List<PlainRecord> own = new ArrayList<>();
    frontends.forEach(f -> own.addAll(f.ownRecords()));
    publisher.setOwnRecords(own);
  }

  /**
   * Starts the sources, then the frontends. DNS answers SERVFAIL for the domain until the first
   * snapshot is ready.
   *
   * @throws StartupException naming the frontend that could not start
   */
  public synchronized void start() throws StartupException {
    started = true;
    for (SourceSlot s : sources) {
      startRecordingMeters(s.meters(), s.runner()::start);
    }
    int timeout = config.top().initialSyncTimeoutSeconds();
    if (sources.isEmpty()) {
      publisher.endInitialSync();
    } else {
      timer.schedule(publisher::endInitialSync, timeout, TimeUnit.SECONDS);
    }
    for (FrontendSlot f : frontends) {
      try {
        startRecordingMeters(f.meters(), f.frontend()::start);
      } catch (Exception e) {
        close();
        throw new StartupException(f.key() + ": cannot start: " + SourceRunner.message(e));
      }
      log.info("{} started: {}", f.section().name(), f.frontend().describe());
    }
  }

  /**
   * Applies a new configuration to the running server. Sections whose bound configuration is
   * unchanged keep running untouched (a DNS frontend keeps its sockets and answers throughout).
   * A changed, added or removed section is stopped and/or built and started on its own. A
   * changed domain, TTL or SOA setting restarts every plugin, since each may have read them;
   * naming-only settings ({@code ipSources}, {@code enforceRFC952}, {@code
   * srvRecordDefaultWeight}) only rebuild the snapshot. A restarted source serves its previous
   * data until its new instance reports. When a section cannot be rebuilt, its old instance is
   * started again if possible and the problem is returned in {@link Reload#failed()}.
   */
  public synchronized Reload reload(LoadedConfig next) {
    if (closed) {
      throw new IllegalStateException("the runtime is closed");
    }
    List<String> restarted = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    CoreSettings oldSettings = config.top().coreSettings();
    CoreSettings settings = next.top().coreSettings();
    boolean settingsChanged = !oldSettings.equals(settings);
    boolean servingChanged = !servingPart(oldSettings).equals(servingPart(settings));
    config = next;
    effective = EffectiveConfig.of(next);
    if (settingsChanged) {
      publisher.setGenerator(new RecordGenerator(settings));
    }

    // Frontends first, then sources; a restarted source carries its last good report over
    // until it reports anew.
    Changes changes = new Changes(restarted, added, removed, unchanged, failed);
    reconcile(frontends, next.servers(), "servers.", servingChanged, settings, changes,
        (section, st, replaced) -> startFrontend(section, st, failed), this::stop);
    reconcile(sources, next.sources(), "sources.", servingChanged, settings, changes,
        (section, st, replaced) -> startSource(section, st,
            replaced == null ? null : replaced.runner().lastGood(), failed),
        this::stop);
    publishTopology();
    publisher.requestRebuild();
    Reload result = new Reload(restarted, added, removed, unchanged, failed, settingsChanged);
    log.info("configuration reloaded{}: restarted {}, added {}, removed {}, unchanged {}{}",
        settingsChanged ? " (top-level settings changed)" : "",
        names(restarted), names(added), names(removed), names(unchanged),
        failed.isEmpty() ? "" : "; FAILED: " + String.join("; ", failed));
    return result;
  }

  /** The settings a plugin may render itself (the domain, TTL, SOA), not naming-only ones. */
  private static List<Object> servingPart(CoreSettings s) {
    return List.of(s.domain(), s.ttl(), s.soaMname(), s.soaRname(), s.soaRefresh(),
        s.soaRetry(), s.soaExpire(), s.soaMinttl());
  }

  /** What a reload needs to know of a running plugin instance. */
  private interface Slot<P> {
    LoadedConfig.Section<P> section();

    JsonNode tree();

    CoreSettings settings();

    String key();
  }

  /** Builds and starts an instance of a section; {@code replaced} is the one it succeeds. */
  private interface Starter<P, S extends Slot<P>> {
    S start(LoadedConfig.Section<P> section, CoreSettings settings, S replaced);
  }

  /** The outcome of a reload, section by section. */
  private record Changes(List<String> restarted, List<String> added, List<String> removed,
      List<String> unchanged, List<String> failed) {}

  /**
   * Brings {@code running} in line with {@code wanted}: unchanged sections keep their instance,
   * changed ones are stopped and started anew (the old configuration again if the new one
   * cannot start), new ones start and removed ones stop.
   */
  private <P, S extends Slot<P>> void reconcile(List<S> running,
      List<LoadedConfig.Section<P>> wanted, String prefix, boolean servingChanged,
      CoreSettings settings, Changes changes, Starter<P, S> starter, Consumer<S> stopper) {
    Map<String, S> old = new LinkedHashMap<>();
    running.forEach(slot -> old.put(slot.section().name(), slot));
    List<S> next = new ArrayList<>();
    for (LoadedConfig.Section<P> s : wanted) {
      S previous = old.remove(s.name());
      String key = prefix + s.name();
      if (previous != null && !servingChanged && previous.section().provider() == s.provider()
          && previous.tree().equals(tree(s.config()))) {
        next.add(previous);
        changes.unchanged().add(key);
        continue;
      }
      if (previous != null) {
        stopper.accept(previous);
      }
      S fresh = starter.start(s, settings, previous);
      if (fresh == null && previous != null) {
        fresh = starter.start(previous.section(), previous.settings(), previous);
        if (fresh != null) {
          log.warn("{}: kept its previous configuration", key);
        }
      }
      if (fresh != null) {
        next.add(fresh);
        (previous == null ? changes.added() : changes.restarted()).add(key);
      }
    }
    for (S gone : old.values()) {
      stopper.accept(gone);
      changes.removed().add(gone.key());
    }
    running.clear();
    running.addAll(next);
  }

  private FrontendSlot startFrontend(LoadedConfig.Section<FrontendProvider<?>> s,
      CoreSettings settings, List<String> failed) {
    FrontendSlot slot = startSlot(() -> buildFrontend(s, settings), FrontendSlot::meters,
        f -> f.frontend()::start, this::stop, failed);
    if (slot != null && started) {
      log.info("{} started: {}", s.name(), slot.frontend().describe());
    }
    return slot;
  }

  private SourceSlot startSource(LoadedConfig.Section<SourceProvider<?>> s,
      CoreSettings settings, SourceReport carried, List<String> failed) {
    return startSlot(() -> buildSource(s, settings, carried), SourceSlot::meters,
        slot -> slot.runner()::start, this::stop, failed);
  }

  /** Builds one plugin instance. */
  private interface Build<S> {
    S build() throws StartupException;
  }

  /**
   * Builds an instance during a reload and, once the runtime runs, starts it; a failure is
   * logged and added to {@code failed}, and gives {@code null}.
   */
  private <S extends Slot<?>> S startSlot(Build<S> build,
      java.util.function.Function<S, List<Meter.Id>> meters,
      java.util.function.Function<S, Start<Exception>> start, Consumer<S> stopper,
      List<String> failed) {
    S slot;
    try {
      slot = build.build();
    } catch (StartupException e) {
      log.error("{}", e.getMessage());
      failed.add(e.getMessage());
      return null;
    }
    if (started) {
      try {
        startRecordingMeters(meters.apply(slot), start.apply(slot));
      } catch (Exception e) {
        String why = slot.key() + ": cannot start: " + SourceRunner.message(e);
        log.error("{}", why);
        failed.add(why);
        stopper.accept(slot);
        return null;
      }
    }
    return slot;
  }

  private void stop(FrontendSlot f) {
    closeQuietly(f.key(), f.frontend());
    f.meters().forEach(registry::remove);
    log.info("{} stopped", f.key());
  }

  private void stop(SourceSlot s) {
    s.runner().close();
    s.meters().forEach(registry::remove);
    log.info("{} stopped", s.key());
  }

  private static void closeQuietly(String key, Frontend f) {
    try {
      f.close();
    } catch (RuntimeException e) {
      log.warn("{}: error while stopping: {}", key, SourceRunner.message(e));
    }
  }

  private static String names(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /** The configuration in force. */
  public synchronized LoadedConfig config() {
    return config;
  }

  /** The records being served. */
  public SnapshotFeed feed() {
    return publisher;
  }

  /** The meter registry every component registers on. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** The frontends, in configuration order. */
  public synchronized List<NamedFrontend> frontends() {
    return frontends.stream()
        .map(f -> new NamedFrontend(f.section().name(), f.frontend())).toList();
  }

  /** Stops the frontends, then the sources. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = frontends.size() - 1; i >= 0; i--) {
      closeQuietly(frontends.get(i).key(), frontends.get(i).frontend());
    }
    sources.forEach(s -> s.runner().close());
    timer.shutdownNow();
    publisher.close();
  }
}
