package io.signpost.source.mesos;

import io.signpost.spi.model.Task;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;

/**
 * Fetches {@code /master/state} from one master over HTTP(S): follows the scheme-less redirects
 * of standby masters (bounded), sends credentials, accepts gzip, and enforces one deadline for
 * the whole request, body included. The body is parsed while it streams in.
 */
final class MasterClient {

  static final String STATE_PATH = "/master/state";
  static final int MAX_REDIRECTS = 5;

  /** A parsed state and where it came from. */
  record Response(MesosState state, HostPort answeredBy, long bytes, Warnings.Batch warnings) {}

  private final HttpClient http;
  private final String scheme;
  private final Duration timeout;
  private final Credentials credentials;
  private final ScheduledExecutorService timer;

  MasterClient(
      HttpClient http,
      boolean https,
      Duration timeout,
      Credentials credentials,
      ScheduledExecutorService timer) {
    this.http = http;
    this.scheme = https ? "https" : "http";
    this.timeout = timeout;
    this.credentials = credentials;
    this.timer = timer;
  }

  /**
   * Gets and parses the state of {@code master}.
   *
   * @throws MasterException naming the master and the problem
   */
  Response fetchState(
      HostPort master, StateParser parser, Warnings.Batch warnings, boolean stopAtNonLeader)
      throws MasterException {
    return fetchState(master, parser, warnings, stopAtNonLeader, UnaryOperator.identity());
  }

  /** {@link #fetchState(HostPort, StateParser, Warnings.Batch, boolean)} with task reuse. */
  Response fetchState(HostPort master, StateParser parser, Warnings.Batch warnings,
      boolean stopAtNonLeader, UnaryOperator<Task> reuse) throws MasterException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri = URI.create(scheme + "://" + master + STATE_PATH);
    List<URI> visited = new ArrayList<>();
    while (true) {
      String name = uri.getRawAuthority();
      visited.add(uri);
      HttpResponse<InputStream> response = send(uri, name, deadline);
      int status = response.statusCode();
      if (isRedirect(status)) {
        closeQuietly(response.body());
        uri = redirectTarget(uri, name, response, visited);
        continue;
      }
      if (status != 200) {
        closeQuietly(response.body());
        throw new MasterException(name, describe(status));
      }
      return read(uri, name, response, deadline, parser, warnings, stopAtNonLeader, reuse);
    }
  }

  private HttpResponse<InputStream> send(URI uri, String name, long deadline)
      throws MasterException {
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    if (left.isNegative() || left.isZero()) {
      throw new MasterException(name, "timed out after " + timeout.toSeconds() + " s");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(left)
            .header("Accept", "application/json")
            .header("Accept-Encoding", "gzip")
            .header("User-Agent", "Signpost");
    try {
      String authorization = credentials.authorization();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new MasterException(name, "connect timed out", e);
    } catch (HttpTimeoutException e) {
      throw new MasterException(name, "timed out after " + timeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw new MasterException(name, "connection refused", e);
    } catch (SSLException e) {
      throw new MasterException(name, "TLS handshake failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MasterException(name, "request failed: " + message(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MasterException(name, "interrupted", e);
    }
  }

  private Response read(
      URI uri,
      String name,
      HttpResponse<InputStream> response,
      long deadline,
      StateParser parser,
      Warnings.Batch warnings,
      boolean stopAtNonLeader,
      UnaryOperator<Task> reuse)
      throws MasterException {
    AtomicBoolean timedOut = new AtomicBoolean();
    CountingInputStream counted = new CountingInputStream(response.body());
    // HttpClient has no body timeout: close the stream at the deadline to unblock the parser.
    ScheduledFuture<?> alarm =
        timer.schedule(
            () -> {
              timedOut.set(true);
              closeQuietly(counted);
            },
            Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    try (InputStream body = decoded(response, counted)) {
      MesosState state = parser.parse(body, warnings, stopAtNonLeader, reuse);
      if (timedOut.get()) {
        throw new IOException("deadline");
      }
      return new Response(state, hostPort(uri), counted.count, warnings);
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new MasterException(
            name, "timed out after " + timeout.toSeconds() + " s reading the state", e);
      }
      throw new MasterException(name, "invalid or truncated state JSON: " + message(e), e);
    } finally {
      alarm.cancel(false);
    }
  }

  private static InputStream decoded(HttpResponse<?> response, InputStream body)
      throws IOException {
    String encoding =
        response.headers().firstValue("Content-Encoding").orElse("").toLowerCase(Locale.ROOT);
    if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
      return new GZIPInputStream(body, 65536);
    }
    return body;
  }

  private URI redirectTarget(URI from, String name, HttpResponse<?> response, List<URI> visited)
      throws MasterException {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new MasterException(
                        name, "HTTP " + response.statusCode() + " without a Location header"));
    URI target;
    try {
      // Standby masters send "//host:port/master/state": a network-path reference (RFC 3986).
      target = from.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      throw new MasterException(name, "redirect to an invalid location '" + location + "'");
    }
    if (target.getRawPath() == null || target.getRawPath().isEmpty()
        || target.getRawPath().equals("/")) {
      target = target.resolve(STATE_PATH);
    }
    if (target.getHost() == null) {
      throw new MasterException(name, "redirect to an invalid location '" + location + "'");
    }
    if (visited.contains(target)) {
      throw new MasterException(name, "redirect loop: " + visited + " -> " + target);
    }
    if (visited.size() > MAX_REDIRECTS) {
      throw new MasterException(name, "more than " + MAX_REDIRECTS + " redirects: " + visited);
    }
    return target;
  }

  private static HostPort hostPort(URI uri) {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equals(uri.getScheme()) ? 443 : 80;
    }
    return new HostPort(host, port);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String describe(int status) {
    switch (status) {
      case 401:
        return "HTTP 401 Unauthorized (check mesosCredentials or bearerTokenFile)";
      case 403:
        return "HTTP 403 Forbidden (the principal may not read the state)";
      case 404:
        return "HTTP 404 Not Found for " + STATE_PATH + " (is this a Mesos master?)";
      case 503:
        return "HTTP 503 (no leading master elected)";
      default:
        return "HTTP " + status;
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // Closing is best effort: the connection is dropped either way.
    }
  }

  /** Counts the bytes read as they came over the wire (before gzip decoding). */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
