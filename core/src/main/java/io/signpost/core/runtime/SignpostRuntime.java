package io.signpost.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the configured sources feeding one snapshot, served by the configured
 * frontends. Everything is built in one Guice injector; each plugin section gets a private
 * module of its own so two plugins' bindings never clash.
 */
public final class SignpostRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SignpostRuntime.class);

  private final LoadedConfig config;
  private final SnapshotPublisher publisher;
  private final CompositeMeterRegistry registry;
  private final List<SourceRunner> runners = new ArrayList<>();
  private final List<NamedFrontend> frontends = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "initial-sync");
    t.setDaemon(true);
    return t;
  });
  private boolean closed;

  /** A frontend with its config section name. */
  public record NamedFrontend(String name, Frontend frontend) {}

  private SignpostRuntime(LoadedConfig config, Clock clock) {
    this.config = config;
    this.registry = new CompositeMeterRegistry();
    // A local registry keeps meters readable (e.g. in tests) even with no exporter installed.
    this.registry.add(new SimpleMeterRegistry());
    this.publisher = new SnapshotPublisher(
        new RecordGenerator(config.top().coreSettings()), clock);
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
    runtime.build(clock);
    return runtime;
  }

  private void build(Clock clock) throws StartupException {
    CoreSettings settings = config.top().coreSettings();
    JsonNode effective = EffectiveConfig.of(config);
    List<Module> modules = new ArrayList<>();
    modules.add(new AbstractModule() {
      @Override
      protected void configure() {
        bind(CoreSettings.class).toInstance(settings);
        bind(SnapshotFeed.class).toInstance(publisher);
        bind(CompositeMeterRegistry.class).toInstance(registry);
        bind(MeterRegistry.class).toInstance(registry);
        bind(Clock.class).toInstance(clock);
        bind(JsonNode.class).annotatedWith(Names.named("effectiveConfig")).toInstance(effective);
        bind(Path.class).annotatedWith(Names.named("configDir")).toInstance(config.directory());
      }
    });
    // Frontends are bound (and, as eager singletons, built) before sources: see below.
    for (LoadedConfig.Section<FrontendProvider<?>> s : config.servers()) {
      modules.add(privateModule(s.name(), Frontend.class, s.config(),
          moduleOf(s.provider(), s.config())));
    }
    for (LoadedConfig.Section<SourceProvider<?>> s : config.sources()) {
      modules.add(privateModule(s.name(), Source.class, s.config(),
          moduleOf(s.provider(), s.config())));
    }
    Injector injector;
    try {
      injector = Guice.createInjector(Stage.PRODUCTION, modules);
    } catch (CreationException e) {
      throw new StartupException("cannot build the server: " + firstMessage(e.getErrorMessages()));
    } catch (ProvisionException e) {
      throw new StartupException("cannot build the server: " + firstMessage(e.getErrorMessages()));
    } catch (RuntimeException e) {
      throw new StartupException("cannot build the server: " + SourceRunner.message(e));
    }
    // Frontends first: one of them may add an exporting registry (Prometheus) to the composite,
    // which should exist before the core and the sources register their meters.
    List<PlainRecord> own = new ArrayList<>();
    for (LoadedConfig.Section<FrontendProvider<?>> s : config.servers()) {
      Frontend f = injector.getInstance(Key.get(Frontend.class, Names.named(s.name())));
      frontends.add(new NamedFrontend(s.name(), f));
      own.addAll(f.ownRecords());
    }
    publisher.registerMeters(registry);
    for (LoadedConfig.Section<SourceProvider<?>> s : config.sources()) {
      Source source = injector.getInstance(Key.get(Source.class, Names.named(s.name())));
      SourceRunner runner = new SourceRunner(s.name(), source, clock, registry,
          publisher::reportArrived);
      runners.add(runner);
      publisher.addRunner(runner);
    }
    publisher.setOwnRecords(own);
  }

  private static Module privateModule(String name, Class<?> exposed, Object config, Module plugin) {
    return new PrivateModule() {
      @Override
      @SuppressWarnings({"unchecked", "rawtypes"})
      protected void configure() {
        bind((Class) config.getClass()).toInstance(config);
        install(plugin);
        Key key = Key.get(exposed, Names.named(name));
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

  /**
   * Starts the sources, then the frontends. DNS answers SERVFAIL for the domain until the first
   * snapshot is ready.
   *
   * @throws StartupException naming the frontend that could not start
   */
  public synchronized void start() throws StartupException {
    for (SourceRunner r : runners) {
      r.start();
    }
    int timeout = config.top().initialSyncTimeoutSeconds();
    if (runners.isEmpty()) {
      publisher.endInitialSync();
    } else {
      timer.schedule(publisher::endInitialSync, timeout, TimeUnit.SECONDS);
    }
    for (NamedFrontend f : frontends) {
      try {
        f.frontend().start();
      } catch (Exception e) {
        close();
        throw new StartupException("servers." + f.name() + ": cannot start: "
            + SourceRunner.message(e));
      }
      log.info("{} started: {}", f.name(), f.frontend().describe());
    }
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
  public List<NamedFrontend> frontends() {
    return List.copyOf(frontends);
  }

  /** Stops the frontends, then the sources. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = frontends.size() - 1; i >= 0; i--) {
      try {
        frontends.get(i).frontend().close();
      } catch (RuntimeException e) {
        log.warn("{}: error while stopping: {}", frontends.get(i).name(), SourceRunner.message(e));
      }
    }
    runners.forEach(SourceRunner::close);
    timer.shutdownNow();
    publisher.close();
  }
}
