package io.signpost.source.marathon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Marathon stand-in on loopback whose event stream stays open and emits what the test sends,
 * when it sends it (WireMock answers a request with one finished body).
 */
final class FakeMarathon implements AutoCloseable {

  private static final String DROP = "\u0000drop";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private volatile boolean stopped;

  volatile String appsBody = "{\"apps\":[]}";
  volatile int appsStatus = 200;
  final Map<String, String> appBodies = new ConcurrentHashMap<>();
  volatile String podsBody = "[]";
  final Map<String, String> podBodies = new ConcurrentHashMap<>();
  /** Status of {@code /v2/events}: 200 streams, 302 redirects to {@link #redirectTo}. */
  volatile int eventsStatus = 200;
  volatile String redirectTo;
  volatile String leaderHeader;
  /** When true the stream sends nothing at all, not even the attached event. */
  volatile boolean silent;

  final AtomicInteger appsRequests = new AtomicInteger();
  final AtomicInteger streamConnections = new AtomicInteger();
  final List<String> eventRequests = new CopyOnWriteArrayList<>();
  final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
  private volatile BlockingQueue<String> stream;

  FakeMarathon() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/v2/apps", this::apps);
    server.createContext("/v2/events", this::events);
    server.createContext("/v2/pods", this::pods);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Sends raw SSE bytes on the open stream. */
  void send(String raw) {
    BlockingQueue<String> q = stream;
    if (q == null) {
      throw new IllegalStateException("no open stream");
    }
    q.add(raw);
  }

  /** Sends one event in Marathon's framing. */
  void event(String type, String json) {
    send("event: " + type + "\r\ndata: " + json + "\r\n\r\n");
  }

  boolean streamOpen() {
    return stream != null;
  }

  /** Closes the open stream, as a leader losing leadership does. */
  void drop() {
    BlockingQueue<String> q = stream;
    if (q != null) {
      q.add(DROP);
    }
  }

  private void apps(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    addLeader(ex);
    if (path.equals("/v2/apps") || path.equals("/v2/apps/")) {
      appsRequests.incrementAndGet();
      reply(ex, appsStatus, appsBody);
      return;
    }
    String id = path.substring("/v2/apps".length());
    String body = appBodies.get(id);
    reply(ex, body == null ? 404 : 200, body == null ? "{\"message\":\"App '" + id + "' does not exist\"}" : body);
  }

  /** {@code /v2/pods/::status} and {@code /v2/pods/<id>::status}. */
  private void pods(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.equals("/v2/pods/::status")) {
      reply(ex, 200, podsBody);
      return;
    }
    String id = path.substring("/v2/pods".length()).replace("::status", "");
    String body = podBodies.get(id);
    reply(ex, body == null ? 404 : 200, body == null ? "{\"message\":\"no pod\"}" : body);
  }

  private void events(HttpExchange ex) throws IOException {
    eventRequests.add(ex.getRequestURI().toString());
    acceptHeaders.addAll(ex.getRequestHeaders().getOrDefault("Accept", List.of()));
    addLeader(ex);
    if (eventsStatus == 302) {
      ex.getResponseHeaders().add("Location", redirectTo + ex.getRequestURI());
      ex.sendResponseHeaders(302, -1);
      ex.close();
      return;
    }
    if (eventsStatus != 200) {
      reply(ex, eventsStatus, "Could not determine the current leader");
      return;
    }
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    streamConnections.incrementAndGet();
    ex.getResponseHeaders().add("Content-Type", "text/event-stream;charset=UTF-8");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    try {
      if (!silent) {
        write(out, "event: event_stream_attached\r\ndata: {\"remoteAddress\":\"127.0.0.1\","
            + "\"eventType\":\"event_stream_attached\",\"timestamp\":\"2020-01-01T00:00:00.000Z\"}\r\n\r\n");
      }
      stream = q;
      while (!stopped) {
        String next = q.poll(100, TimeUnit.MILLISECONDS);
        if (next == null) {
          continue;
        }
        if (next.equals(DROP)) {
          break;
        }
        write(out, next);
      }
    } catch (InterruptedException | IOException e) {
      // Client went away or server stopping.
    } finally {
      if (stream == q) {
        stream = null;
      }
      ex.close();
    }
  }

  private void addLeader(HttpExchange ex) {
    if (leaderHeader != null) {
      ex.getResponseHeaders().add("X-Marathon-Leader", leaderHeader);
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    stopped = true;
    server.stop(0);
    threads.shutdownNow();
  }
}
