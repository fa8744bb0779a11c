package io.signpost.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.signpost.core.config.ConfigException;
import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.plugin.PluginException;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.runtime.SignpostRuntime;
import io.signpost.core.runtime.StartupException;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.SourceStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A whole Signpost server in the test's JVM: the plugins on the test class path (yours, and the
 * real DNS and HTTP servers this kit brings), configured from YAML as in a config file, with the
 * DNS and HTTP servers on ephemeral loopback ports.
 *
 * <pre>{@code
 * try (SignpostTestServer server = SignpostTestServer.start(dir, """
 *     sources:
 *       static: {file: hosts.json}
 *     """)) {
 *   assertThat(server.dns().addresses("db.mesos.")).containsExactly("10.0.0.5");
 *   assertThat(server.http().get("/v1/hosts/db.mesos").statusCode()).isEqualTo(200);
 * }
 * }</pre>
 *
 * <p>Under {@code servers:}, a {@code dns} and an {@code http} section are added when the YAML
 * has no {@code servers:} key; any {@code dns} or {@code http} section given is kept but moved
 * to {@code 127.0.0.1}, port 0. {@link #start} returns once the first snapshot is built (every
 * source reported, or the {@code initialSyncTimeoutSeconds} passed); use {@link #builder()} to
 * start without waiting.
 */
public final class SignpostTestServer implements AutoCloseable {

  /** How long {@link #start} waits for the first snapshot by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final SignpostRuntime runtime;
  private final InetSocketAddress dnsAddress;
  private final InetSocketAddress httpAddress;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  private SignpostTestServer(SignpostRuntime runtime) {
    this.runtime = runtime;
    InetSocketAddress dns = null;
    InetSocketAddress http = null;
    for (SignpostRuntime.NamedFrontend f : runtime.frontends()) {
      List<InetSocketAddress> bound = f.frontend().listeningAddresses();
      if (f.name().equals("dns") && !bound.isEmpty()) {
        dns = bound.get(0);
      } else if (f.name().equals("http") && !bound.isEmpty()) {
        http = bound.get(0);
      }
    }
    this.dnsAddress = dns;
    this.httpAddress = http;
    runtime.feed().subscribe(snapshot -> signal());
  }

  /**
   * Starts a server whose relative paths resolve against the working directory, and waits for
   * the first snapshot.
   *
   * @param yaml the configuration, as in a config file
   */
  public static SignpostTestServer start(String yaml) {
    return builder().start(yaml);
  }

  /**
   * Starts a server whose relative paths resolve against {@code configDir} (usually the test's
   * temporary directory), and waits for the first snapshot.
   */
  public static SignpostTestServer start(Path configDir, String yaml) {
    return builder().configDir(configDir).start(yaml);
  }

  /** Options for starting a server. */
  public static Builder builder() {
    return new Builder(Path.of(""), true, DEFAULT_TIMEOUT);
  }

  /**
   * How to start a server.
   *
   * @param configDir what relative paths in the configuration are relative to
   * @param awaitFirstSnapshot whether {@link #start(String)} waits for the first snapshot
   * @param timeout how long it waits
   */
  public record Builder(Path configDir, boolean awaitFirstSnapshot, Duration timeout) {
    public Builder {
      Objects.requireNonNull(configDir, "configDir");
      Objects.requireNonNull(timeout, "timeout");
    }

    /** Relative paths in the configuration resolve against {@code dir}. */
    public Builder configDir(Path dir) {
      return new Builder(dir, awaitFirstSnapshot, timeout);
    }

    /** Whether {@link #start(String)} waits for the first snapshot (default yes). */
    public Builder awaitFirstSnapshot(boolean await) {
      return new Builder(configDir, await, timeout);
    }

    /** How long to wait for the first snapshot (default 30 s). */
    public Builder timeout(Duration wait) {
      return new Builder(configDir, awaitFirstSnapshot, wait);
    }

    /**
     * Loads the configuration and starts the server.
     *
     * @throws IllegalArgumentException when the configuration is invalid: the message lists
     *     every problem, one per line, as {@code signpost check-config} would
     * @throws IllegalStateException when the server cannot start, or no snapshot comes in time
     */
    public SignpostTestServer start(String yaml) {
      LoadedConfig config = load(yaml, configDir);
      SignpostRuntime runtime;
      try {
        runtime = SignpostRuntime.create(config);
        runtime.start();
      } catch (StartupException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      SignpostTestServer server = new SignpostTestServer(runtime);
      if (awaitFirstSnapshot) {
        try {
          server.awaitSnapshot(s -> true, timeout);
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      }
      return server;
    }
  }

  static LoadedConfig load(String yaml, Path configDir) {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode tree;
    try {
      tree = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test config: invalid YAML: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = mapper.createObjectNode();
    }
    if (!tree.isObject()) {
      throw new IllegalArgumentException("test config: the top level must be a mapping");
    }
    ObjectNode root = (ObjectNode) tree;
    if (!root.has("servers")) {
      root.putObject("servers").putObject("dns");
      ((ObjectNode) root.get("servers")).putObject("http");
    }
    if (root.get("servers") instanceof ObjectNode servers) {
      for (String name : List.of("dns", "http")) {
        JsonNode section = servers.get(name);
        if (section != null && (section.isNull() || section.isObject())) {
          ObjectNode s = section.isObject() ? (ObjectNode) section : servers.putObject(name);
          s.put("listener", "127.0.0.1");
          s.put("port", 0);
        }
      }
    }
    try {
      return new ConfigLoader().bind("test config", root, PluginLoader.load(null), configDir);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(String.join("\n", e.problems()), e);
    } catch (PluginException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the records served satisfy {@code condition}, e.g. after changing what a
   * source reads. The condition is checked at once and on every new snapshot.
   *
   * @return the snapshot that satisfied it
   * @throws IllegalStateException on timeout, with the sources' statuses
   */
  public RecordSnapshot awaitSnapshot(Predicate<RecordSnapshot> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        RecordSnapshot current = runtime.feed().current();
        if (current != null && condition.test(current)) {
          return current;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("no " + (current == null ? "first " : "matching ")
              + "snapshot within " + timeout + "; sources: " + describe(runtime.feed().sources()));
        }
        // Bounded wait: a snapshot published between the check and the wait is caught next round.
        changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a snapshot", e);
    } finally {
      lock.unlock();
    }
  }

  private static String describe(List<SourceStatus> sources) {
    if (sources.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    for (SourceStatus s : sources) {
      text.append(text.length() == 0 ? "" : "; ").append(s.name()).append(": ")
          .append(s.reported() ? "reported" : "no report yet")
          .append(s.lastError() == null ? "" : ", last error: " + s.lastError());
    }
    return text.toString();
  }

  /** The records being served now, or {@code null} before the first snapshot. */
  public RecordSnapshot snapshot() {
    return runtime.feed().current();
  }

  /** The records, source statuses and change notifications, as frontends see them. */
  public SnapshotFeed feed() {
    return runtime.feed();
  }

  /** The running server, e.g. for its meter registry. */
  public SignpostRuntime runtime() {
    return runtime;
  }

  /** Where the DNS server listens (UDP and TCP). */
  public InetSocketAddress dnsAddress() {
    if (dnsAddress == null) {
      throw new IllegalStateException("no DNS server configured (servers.dns)");
    }
    return dnsAddress;
  }

  /** The base URI of the HTTP API, e.g. {@code http://127.0.0.1:41234}. */
  public URI httpUri() {
    if (httpAddress == null) {
      throw new IllegalStateException("no HTTP server configured (servers.http)");
    }
    return URI.create("http://127.0.0.1:" + httpAddress.getPort());
  }

  /** A DNS client for this server. */
  public DnsClient dns() {
    return new DnsClient(dnsAddress());
  }

  /** An HTTP client for this server's API. */
  public HttpApiClient http() {
    return new HttpApiClient(httpUri());
  }

  /** Stops the server. */
  @Override
  public void close() {
    runtime.close();
  }
}
