package io.signpost.core.runtime;

import io.signpost.core.config.ConfigException;
import io.signpost.core.config.LoadedConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration file and applies it to a running server, on request or on SIGHUP.
 * A configuration that does not load is logged as one error and changes nothing: the server
 * keeps running with the configuration it has.
 */
public final class ConfigReloader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  /** Reads and binds the configuration file anew. */
  @FunctionalInterface
  public interface ConfigSource {
    LoadedConfig load() throws ConfigException;
  }

  private final SignpostRuntime runtime;
  private final ConfigSource source;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "config-reload");
    t.setDaemon(true);
    return t;
  });

  public ConfigReloader(SignpostRuntime runtime, ConfigSource source) {
    this.runtime = runtime;
    this.source = source;
  }

  /**
   * Reloads now, on the calling thread.
   *
   * @return what changed, or {@code null} when the new configuration could not be loaded
   */
  public SignpostRuntime.Reload reload() {
    LoadedConfig next;
    try {
      next = source.load();
    } catch (ConfigException e) {
      log.error("configuration not reloaded, still running the previous one: {}",
          String.join("; ", e.problems()));
      return null;
    } catch (RuntimeException e) {
      log.error("configuration not reloaded, still running the previous one: {}",
          SourceRunner.message(e));
      return null;
    }
    try {
      return runtime.reload(next);
    } catch (RuntimeException e) {
      log.error("configuration reload failed: {}", SourceRunner.message(e), e);
      return null;
    }
  }

  /** Reloads on the reloader's own thread; requests made meanwhile run one after another. */
  public void reloadLater() {
    try {
      worker.execute(this::reload);
    } catch (RejectedExecutionException e) {
      // closed: the server is stopping
    }
  }

  /**
   * Reloads on every SIGHUP. Returns false, after logging why, where the JVM offers no signal
   * handling ({@code sun.misc.Signal} missing, or no SIGHUP on this platform).
   */
  public boolean reloadOnHangup() {
    try {
      Hangup.install(() -> {
        log.info("SIGHUP: reloading the configuration");
        reloadLater();
      });
      return true;
    } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
      log.warn("reload on SIGHUP is not available on this JVM ({}); restart to apply changes",
          SourceRunner.message(e));
      return false;
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** Kept apart so that a JVM without {@code jdk.unsupported} fails only here, catchably. */
  private static final class Hangup {
    static void install(Runnable action) {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
    }
  }
}
