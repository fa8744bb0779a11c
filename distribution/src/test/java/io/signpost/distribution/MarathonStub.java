package io.signpost.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Marathon on loopback: {@code /v2/apps} answers a fixed body and {@code /v2/events} stays open
 * and sends what the test emits, when it emits it (WireMock answers with finished bodies only).
 */
public final class MarathonStub implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final String appsBody;
  private volatile BlockingQueue<String> stream;
  private volatile boolean stopped;

  public MarathonStub(String appsBody) throws IOException {
    this.appsBody = appsBody;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/v2/apps", ex -> reply(ex, 200, this.appsBody));
    server.createContext("/v2/pods", ex -> reply(ex, 200, "[]"));
    server.createContext("/v2/events", this::events);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public boolean streamOpen() {
    return stream != null;
  }

  /** Sends one event in Marathon's framing (CRLF, as Jetty writes it). */
  public void event(String type, String json) {
    BlockingQueue<String> q = stream;
    if (q == null) {
      throw new IllegalStateException("no open event stream");
    }
    q.add("event: " + type + "\r\ndata: " + json + "\r\n\r\n");
  }

  private void events(HttpExchange ex) throws IOException {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    ex.getResponseHeaders().add("Content-Type", "text/event-stream;charset=UTF-8");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    try {
      write(out, "event: event_stream_attached\r\ndata: {\"remoteAddress\":\"127.0.0.1\","
          + "\"eventType\":\"event_stream_attached\",\"timestamp\":\"2025-11-25T08:00:00.000Z\"}\r\n\r\n");
      stream = q;
      while (!stopped) {
        String next = q.poll(100, TimeUnit.MILLISECONDS);
        write(out, next == null ? "\r\n" : next); // bare CRLF: Marathon's keep-alive
      }
    } catch (InterruptedException | IOException e) {
      // The client went away or the stub is stopping.
    } finally {
      if (stream == q) {
        stream = null;
      }
      ex.close();
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
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

  /** A {@code status_update_event} as Marathon 1.x sends it. */
  public static String statusUpdate(String appId, String taskId, String state, String host, int port,
      String agentId) {
    return "{\"slaveId\":\"" + agentId + "\",\"taskId\":\"" + taskId + "\",\"taskStatus\":\""
        + state + "\",\"message\":\"\",\"appId\":\"" + appId + "\",\"host\":\"" + host
        + "\",\"ports\":[" + port + "],\"ipAddresses\":[{\"ipAddress\":\"" + host
        + "\",\"protocol\":\"IPv4\"}],\"version\":\"2025-11-25T07:40:00.000Z\","
        + "\"eventType\":\"status_update_event\",\"timestamp\":\"2025-11-25T08:01:00.000Z\"}";
  }
}
