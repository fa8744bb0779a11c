package io.signpost.source.mesos;

import io.signpost.spi.model.Task;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
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
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches {@code /master/state} from one master over HTTP(S): follows the scheme-less redirects
 * of standby masters (bounded), sends credentials, accepts gzip, and enforces one deadline for
 * the whole request, body included. The body is parsed while it streams in.
 *
 * <p>The JDK's {@link HttpURLConnection}, not its {@code HttpClient}: the body of a big cluster
 * (about 100 MB) is then read on the parsing thread straight from the socket, where HttpClient
 * hands it over from its own thread in a fresh buffer per read, which is 100 MB of garbage per
 * refresh.
 */
final class MasterClient {

  static final String STATE_PATH = "/master/state";
  static final int MAX_REDIRECTS = 5;

  /** A parsed state and where it came from. */
  record Response(MesosState state, HostPort answeredBy, long bytes, Warnings.Batch warnings) {}

  private final SSLSocketFactory tls;
  private final String scheme;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final Credentials credentials;
  private final ScheduledExecutorService timer;

  /**
   * @param tls the TLS sockets to masters (a configured CA), or null for the JDK's default
   * @param timeout the deadline of a whole request, body included
   * @param connectTimeout the longest wait for a connection
   * @param timer runs the deadline's alarm
   */
  MasterClient(
      SSLSocketFactory tls,
      boolean https,
      Duration timeout,
      Duration connectTimeout,
      Credentials credentials,
      ScheduledExecutorService timer) {
    this.tls = tls;
    this.scheme = https ? "https" : "http";
    this.timeout = timeout;
    this.connectTimeout = connectTimeout;
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
      HttpURLConnection connection = send(uri, name, deadline);
      int status = status(connection, name);
      if (isRedirect(status)) {
        discard(connection);
        uri = redirectTarget(uri, name, status, connection.getHeaderField("Location"), visited);
        continue;
      }
      if (status != 200) {
        discard(connection);
        throw new MasterException(name, describe(status));
      }
      return read(uri, name, connection, deadline, parser, warnings, stopAtNonLeader, reuse);
    }
  }

  private HttpURLConnection send(URI uri, String name, long deadline) throws MasterException {
    long left = remainingMillis(deadline, name);
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      if (tls != null && connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(tls);
      }
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setConnectTimeout((int) Math.min(left, connectTimeout.toMillis()));
      // Bounds each wait for bytes (headers included); the alarm in read() bounds the total.
      connection.setReadTimeout((int) left);
      connection.setRequestProperty("Accept", "application/json");
      connection.setRequestProperty("Accept-Encoding", "gzip");
      connection.setRequestProperty("User-Agent", "Signpost");
      String authorization = credentials.authorization();
      if (authorization != null) {
        connection.setRequestProperty("Authorization", authorization);
      }
      return connection;
    } catch (IOException | IllegalArgumentException e) {
      throw new MasterException(name, "request failed: " + message(e), e);
    }
  }

  /** Sends the request and reads the status line, naming what went wrong. */
  private int status(HttpURLConnection connection, String name) throws MasterException {
    try {
      return connection.getResponseCode();
    } catch (SocketTimeoutException e) {
      connection.disconnect();
      String what = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect")
          ? "connect timed out" : "timed out after " + timeout.toSeconds() + " s";
      throw new MasterException(name, what, e);
    } catch (ConnectException e) {
      throw new MasterException(name, "connection refused", e);
    } catch (SSLException e) {
      connection.disconnect();
      throw new MasterException(name, "TLS handshake failed: " + e.getMessage(), e);
    } catch (IOException e) {
      connection.disconnect();
      throw new MasterException(name, "request failed: " + message(e), e);
    }
  }

  private long remainingMillis(long deadline, String name) throws MasterException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw new MasterException(name, "timed out after " + timeout.toSeconds() + " s");
    }
    return Math.min(left, Integer.MAX_VALUE);
  }

  /** Reads away an unwanted body (bounded), so the connection can be reused. */
  private static void discard(HttpURLConnection connection) {
    try {
      InputStream body = connection.getErrorStream();
      if (body == null) {
        body = connection.getInputStream();
      }
      try (InputStream in = body) {
        in.skip(65536);
      }
    } catch (IOException | RuntimeException e) {
      connection.disconnect();
    }
  }

  private Response read(
      URI uri,
      String name,
      HttpURLConnection connection,
      long deadline,
      StateParser parser,
      Warnings.Batch warnings,
      boolean stopAtNonLeader,
      UnaryOperator<Task> reuse)
      throws MasterException {
    AtomicBoolean timedOut = new AtomicBoolean();
    // The read timeout bounds each wait, not the whole body: drop the connection at the
    // deadline to unblock the parser.
    ScheduledFuture<?> alarm =
        timer.schedule(
            () -> {
              timedOut.set(true);
              connection.disconnect();
            },
            Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    CountingInputStream counted = null;
    try {
      counted = new CountingInputStream(connection.getInputStream());
      try (InputStream body = decoded(connection, counted)) {
        MesosState state = parser.parse(body, warnings, stopAtNonLeader, reuse);
        if (timedOut.get()) {
          throw new IOException("deadline");
        }
        return new Response(state, hostPort(uri), counted.count, warnings);
      }
    } catch (IOException e) {
      connection.disconnect();
      if (timedOut.get() || e instanceof SocketTimeoutException) {
        throw new MasterException(
            name, "timed out after " + timeout.toSeconds() + " s reading the state", e);
      }
      if (e instanceof StateTooBigException) {
        throw new MasterException(name, e.getMessage(), e);
      }
      throw new MasterException(name, "invalid or truncated state JSON: " + message(e), e);
    } finally {
      alarm.cancel(false);
    }
  }

  private static InputStream decoded(HttpURLConnection connection, InputStream body)
      throws IOException {
    String encoding = connection.getContentEncoding();
    encoding = encoding == null ? "" : encoding.toLowerCase(Locale.ROOT);
    if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
      return new GZIPInputStream(body, 65536);
    }
    return body;
  }

  private URI redirectTarget(
      URI from, String name, int status, String location, List<URI> visited)
      throws MasterException {
    if (location == null) {
      throw new MasterException(name, "HTTP " + status + " without a Location header");
    }
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
