package io.signpost.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.Frontend;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.spi.SourceStatus;
import io.signpost.spi.support.HeapRoom;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Mesos-DNS's HTTP API and the operations endpoints from the current {@link
 * RecordSnapshot}, on the JDK's built-in HTTP server (see the module README for why).
 *
 * <p>Every answer is computed from one snapshot read, so a response is never a mix of two
 * snapshots, and {@code /v1} and DNS answers come from the same data.
 */
final class HttpFrontend implements Frontend {
  private static final Logger log = LoggerFactory.getLogger(HttpFrontend.class);

  static final String JSON = "application/json";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final int WORKER_THREADS = 4;
  /** The project's home page for {@code /v1/version}; empty until the project publishes one. */
  static final String PROJECT_URL = "";

  private final HttpConfig config;
  private final SnapshotFeed feed;
  private final CoreSettings settings;
  private final MeterRegistry meterRegistry;
  private final EffectiveConfig effectiveConfig;
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** One {@code /v1/enumerate} or {@code /v1/axfr} written at a time (see {@link #whole}). */
  private final Semaphore enumerations = new Semaphore(1);
  private final LongSupplier spareHeap;
  private final String version;

  private HttpServer server;
  private ExecutorService workers;
  private HttpMetrics metrics;
  private MesosDnsApi api;

  @Inject
  HttpFrontend(HttpConfig config, SnapshotFeed feed, CoreSettings settings,
      MeterRegistry meterRegistry, EffectiveConfig effectiveConfig) {
    this(config, feed, settings, meterRegistry, effectiveConfig, HeapRoom::spare);
  }

  /** @param spareHeap the heap a request may still take; tests pass a smaller one */
  HttpFrontend(HttpConfig config, SnapshotFeed feed, CoreSettings settings,
      MeterRegistry meterRegistry, EffectiveConfig effectiveConfig, LongSupplier spareHeap) {
    this.spareHeap = spareHeap;
    this.config = config;
    this.feed = feed;
    this.settings = settings;
    this.meterRegistry = meterRegistry;
    this.effectiveConfig = effectiveConfig;
    String manifestVersion = HttpFrontend.class.getPackage().getImplementationVersion();
    this.version = manifestVersion == null ? "dev" : manifestVersion;
  }

  @Override
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("http frontend already started");
    }
    InetSocketAddress address = new InetSocketAddress(config.listenerAddress(), config.port());
    HttpServer created;
    try {
      created = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new IOException("http: cannot listen on " + config.listener() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    api = new MesosDnsApi(settings, refreshSeconds());
    metrics = new HttpMetrics(meterRegistry, feed, Clock.systemUTC());
    AtomicInteger threadNumber = new AtomicInteger();
    workers = Executors.newFixedThreadPool(WORKER_THREADS, r -> {
      Thread t = new Thread(r, "signpost-http-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    created.setExecutor(workers);
    created.createContext("/", this::handle);
    created.start();
    server = created;
  }

  /** The bound port: the configured one, or the one the system picked for port 0. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("http frontend not started");
    }
    return server.getAddress().getPort();
  }

  @Override
  public synchronized List<InetSocketAddress> listeningAddresses() {
    if (server == null) {
      return List.of();
    }
    InetSocketAddress bound = server.getAddress();
    InetAddress address = bound.getAddress().isAnyLocalAddress()
        ? InetAddress.getLoopbackAddress() : bound.getAddress();
    return List.of(new InetSocketAddress(address, bound.getPort()));
  }

  @Override
  public synchronized String describe() {
    int port = server == null ? config.port() : server.getAddress().getPort();
    return "http on " + config.listener() + ":" + port;
  }

  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    server.stop(0);
    workers.shutdownNow();
    metrics.close();
    server = null;
  }

  // --- request handling -------------------------------------------------------------------

  /**
   * A response about to be written: {@code body}, or (when {@code stream} is not null) a JSON
   * document written straight to the client as it is made.
   */
  private record Reply(int status, String contentType, byte[] body, JsonStream stream) {
    Reply(int status, String contentType, byte[] body) {
      this(status, contentType, body, null);
    }
  }

  /** Writes a JSON document to a generator. */
  @FunctionalInterface
  private interface JsonStream {
    void write(JsonGenerator out) throws IOException;
  }

  private void handle(HttpExchange exchange) {
    long started = System.nanoTime();
    Route route = Route.match(exchange.getRequestURI().getPath(), config.enumerationOn());
    Reply reply;
    try {
      reply = answer(exchange, route);
    } catch (RuntimeException | JsonProcessingException e) {
      log.error("http: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      reply = error(500, "internal error: " + e.getMessage());
    }
    try (exchange) {
      if (reply.status == 405) {
        exchange.getResponseHeaders().set("Allow", "GET");
      }
      exchange.getResponseHeaders().set("Content-Type", reply.contentType);
      if (reply.stream != null) {
        stream(exchange, reply);
      } else {
        // A HEAD answer has no body (HEAD itself is refused with 405, as Mesos-DNS does).
        boolean body = reply.body.length > 0 && !"HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status, body ? reply.body.length : -1);
        if (body) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body);
          }
        }
      }
    } catch (IOException e) {
      log.debug("http: client went away during {}: {}", exchange.getRequestURI(), e.getMessage());
    } finally {
      if (reply.stream != null) {
        enumerations.release();
      }
    }
    metrics.request(route.endpoint(), reply.status, System.nanoTime() - started);
  }

  /**
   * Sends a streamed reply, chunked. Once the headers are out the status cannot change: a
   * failure while writing is logged and the connection closed, so the client sees a truncated
   * document rather than a wrong one.
   */
  private void stream(HttpExchange exchange, Reply reply) throws IOException {
    exchange.sendResponseHeaders(reply.status, 0);
    try (OutputStream out = exchange.getResponseBody();
        JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
      generator.useDefaultPrettyPrinter();
      reply.stream.write(generator);
    } catch (RuntimeException e) {
      log.error("http: {} failed while being written", exchange.getRequestURI(), e);
    }
  }

  private Reply answer(HttpExchange exchange, Route route) throws JsonProcessingException {
    if (route.kind() == Route.Kind.NOT_FOUND) {
      return error(404, route.reason());
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      return error(405, "method " + exchange.getRequestMethod() + " is not allowed on "
          + route.endpoint() + "; use GET");
    }
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (route.kind() == Route.Kind.METRICS) {
      if (Accept.allows(accept, "application/openmetrics-text")
          && accept != null && accept.contains("application/openmetrics-text")) {
        return text(OPENMETRICS_TEXT, metrics.scrape(OPENMETRICS_TEXT));
      }
      if (!Accept.allows(accept, "text/plain")) {
        return error(406, "/metrics produces text/plain or application/openmetrics-text");
      }
      return text(PROMETHEUS_TEXT, metrics.scrape(PROMETHEUS_TEXT));
    }
    if (!Accept.allows(accept, JSON)) {
      return error(406, route.endpoint() + " produces application/json");
    }
    switch (route.kind()) {
      case VERSION:
        return json(200, version());
      case CONFIG:
        return json(200, effectiveConfig());
      case HEALTH:
        return json(200, JsonNodeFactory.instance.objectNode().put("status", "UP"));
      case READY:
        return ready();
      case HOST_PORTS:
        // As in Mesos-DNS, which never implemented it.
        return error(501, "To be implemented...");
      default:
        break;
    }
    RecordSnapshot snapshot = feed.current();
    if (snapshot == null) {
      return error(503, "no records yet: waiting for the first report from the sources");
    }
    switch (route.kind()) {
      case HOSTS:
        return json(200, api.hosts(snapshot, route.parameter()));
      case SERVICES:
        return json(200, api.services(snapshot, route.parameter()));
      case ENUMERATE:
        return whole(snapshot, out -> api.enumerate(snapshot, out));
      case AXFR:
        long names = snapshot.names().size();
        long need = names * MesosDnsApi.AXFR_BYTES_PER_NAME;
        long spare = spareHeap.getAsLong();
        if (need > spare) {
          return error(503, String.format(Locale.ROOT, "/v1/axfr of %,d names needs about %,d MB"
              + " of heap while it is written, and about %,d MB are free: give the server a"
              + " larger heap (-Xmx)", names,
              need >> 20, spare >> 20));
        }
        return whole(snapshot, out -> api.axfr(snapshot, out));
      default:
        throw new IllegalStateException("unrouted " + route);
    }
  }

  private JsonNode version() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("Service", "Signpost");
    out.put("URL", PROJECT_URL);
    out.put("Version", version);
    return out;
  }

  private JsonNode effectiveConfig() {
    JsonNode bound = effectiveConfig.get();
    if (bound != null) {
      return Redaction.redact(bound);
    }
    // The runtime did not bind its view: show what this frontend knows.
    ObjectNode out = mapper.valueToTree(settings);
    out.putObject("servers").set("http", mapper.valueToTree(config));
    return Redaction.redact(out);
  }

  /** Mesos-DNS reports its refresh interval in the zone dump; take it from the config if set. */
  private long refreshSeconds() {
    JsonNode bound = effectiveConfig.get();
    JsonNode value = bound == null ? null : bound.findValue("refreshSeconds");
    return value != null && value.canConvertToLong() ? value.asLong() : 60;
  }

  private Reply ready() throws JsonProcessingException {
    boolean haveSnapshot = feed.current() != null;
    List<String> waiting = new ArrayList<>();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode sources = JsonNodeFactory.instance.objectNode();
    for (SourceStatus status : feed.sources()) {
      if (!status.reported()) {
        waiting.add(status.name());
      }
      ObjectNode s = sources.putObject(status.name());
      s.put("reported", status.reported());
      s.put("lastSuccess", status.lastSuccess() == null ? null : status.lastSuccess().toString());
      s.put("consecutiveFailures", status.consecutiveFailures());
      s.put("lastError", status.lastError());
    }
    boolean ready = haveSnapshot && waiting.isEmpty();
    out.put("status", ready ? "UP" : "DOWN");
    if (!ready) {
      out.putPOJO("waitingFor", waiting);
      out.put("snapshot", haveSnapshot);
    }
    out.set("sources", sources);
    return json(ready ? 200 : 503, out);
  }

  /**
   * A document of the whole snapshot ({@code /v1/enumerate}, {@code /v1/axfr}), streamed. One
   * at a time: on a big cluster each takes seconds and tens of megabytes, and a few at once must
   * not take the heap the DNS server needs (the permit is released once the reply is written).
   */
  private Reply whole(RecordSnapshot snapshot, JsonStream stream) {
    if (!enumerations.tryAcquire()) {
      return error(503, "another /v1/enumerate or /v1/axfr is being written; retry when it is"
          + " done");
    }
    return new Reply(200, JSON, new byte[0], stream);
  }

  private Reply json(int status, JsonNode body) throws JsonProcessingException {
    return new Reply(status, JSON, mapper.writeValueAsBytes(body));
  }

  private static Reply text(String contentType, String body) {
    return new Reply(200, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private Reply error(int status, String message) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", status);
    body.put("error", message);
    try {
      return new Reply(status, JSON, mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a two-field object", e);
    }
  }
}
