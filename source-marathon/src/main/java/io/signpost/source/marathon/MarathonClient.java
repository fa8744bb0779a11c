package io.signpost.source.marathon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.spi.support.TrustedCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a set of Marathon instances: prefers the leader (learnt from {@code
 * X-Marathon-Leader} and redirects), fails over to the next URL on connection errors and on
 * 502/503 (a standby without a leader), and adds credentials to every request.
 */
final class MarathonClient {

  private static final Logger LOG = LoggerFactory.getLogger(MarathonClient.class);
  private static final String LEADER_HEADER = "X-Marathon-Leader";
  private static final int MAX_REDIRECTS = 3;

  private final MarathonConfig config;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration requestTimeout;
  private volatile String leader;

  MarathonClient(MarathonConfig config) {
    this.config = config;
    this.requestTimeout = Duration.ofSeconds(config.requestTimeoutSeconds());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(Math.min(10, config.requestTimeoutSeconds())));
    if (config.caCertFile() != null) {
      builder.sslContext(
          TrustedCertificates.sslContext(Path.of(config.caCertFile()), "marathon: caCertFile"));
    }
    this.http = builder.build();
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  ObjectMapper json() {
    return json;
  }

  /** The base URL believed to be the leader, or {@code null}. */
  String leader() {
    return leader;
  }

  /** Every app with its tasks. */
  List<MarathonApi.App> apps() throws MarathonException {
    return get("/v2/apps?embed=apps.tasks", MarathonApi.AppList.class).apps();
  }

  /** One app with its tasks, or empty when Marathon does not know it (any more). */
  Optional<MarathonApi.App> app(String appId) throws MarathonException {
    String path = appId.startsWith("/") ? appId : "/" + appId;
    MarathonApi.AppEnvelope envelope = getOrNull("/v2/apps" + path, MarathonApi.AppEnvelope.class);
    return Optional.ofNullable(envelope == null ? null : envelope.app());
  }

  /**
   * Every pod with its instances ({@code /v2/pods/::status}); empty for Marathon before 1.4,
   * which has no pods.
   */
  List<JsonNode> pods() throws MarathonException {
    JsonNode all = getOrNull("/v2/pods/::status", JsonNode.class);
    List<JsonNode> pods = new ArrayList<>();
    if (all != null && all.isArray()) {
      all.forEach(pods::add);
    }
    return pods;
  }

  /** One pod's status, or empty when Marathon does not know it. */
  Optional<JsonNode> pod(String podId) throws MarathonException {
    String path = podId.startsWith("/") ? podId : "/" + podId;
    return Optional.ofNullable(getOrNull("/v2/pods" + path + "::status", JsonNode.class));
  }

  private <T> T get(String pathAndQuery, Class<T> type) throws MarathonException {
    T value = getOrNull(pathAndQuery, type);
    if (value == null) {
      throw new MarathonException(pathAndQuery + ": HTTP 404");
    }
    return value;
  }

  /** GETs from the leader first, then every URL in turn; {@code null} on 404. */
  private <T> T getOrNull(String pathAndQuery, Class<T> type) throws MarathonException {
    List<String> errors = new ArrayList<>();
    for (String base : candidates()) {
      URI uri = URI.create(base + pathAndQuery);
      try {
        for (int hop = 0; ; hop++) {
          HttpResponse<InputStream> response = http.send(request(uri), HttpResponse.BodyHandlers.ofInputStream());
          try (InputStream raw = response.body()) {
            int status = response.statusCode();
            noteLeader(base, response);
            if (isRedirect(status) && hop < MAX_REDIRECTS) {
              uri = redirectTarget(uri, response);
              continue;
            }
            if (status == 200) {
              try (InputStream body = decoded(response, raw)) {
                return json.readValue(body, type);
              } catch (IOException e) {
                throw new MarathonException(
                    base + pathAndQuery + ": unreadable answer: " + e.getMessage(), e);
              }
            }
            if (status == 404) {
              return null;
            }
            String message = base + pathAndQuery + ": HTTP " + status + describe(status);
            if (status == 401 || status == 403) {
              throw new MarathonException(message);
            }
            errors.add(message);
            break;
          }
        }
      } catch (HttpTimeoutException e) {
        errors.add(base + ": no answer within " + requestTimeout.toSeconds() + " s");
      } catch (IOException e) {
        errors.add(base + ": " + ioMessage(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MarathonException("interrupted", e);
      }
      if (base.equals(leader)) {
        leader = null;
      }
    }
    throw new MarathonException(String.join("; ", errors));
  }

  /**
   * Opens the event stream on the leader (or the first URL that accepts it) and feeds its bytes
   * to {@code subscriber}. Returns once the stream is open.
   *
   * @return the base URL the stream comes from
   */
  String openEvents(Flow.Subscriber<List<ByteBuffer>> subscriber) throws MarathonException {
    List<String> errors = new ArrayList<>();
    String path = "/v2/events?plan-format=light";
    for (String base : candidates()) {
      URI uri = URI.create(base + path);
      try {
        for (int hop = 0; ; hop++) {
          HttpRequest request =
              withAuth(
                      HttpRequest.newBuilder(uri)
                          .GET()
                          // Exactly this value: Marathon's Jetty answers 405 to anything else.
                          .header("Accept", "text/event-stream"))
                  .build();
          CompletableFuture<HttpResponse<String>> headersSeen = new CompletableFuture<>();
          CompletableFuture<HttpResponse<String>> exchange =
              http.sendAsync(
                  request,
                  info -> {
                    if (info.statusCode() == 200) {
                      info.headers().firstValue(LEADER_HEADER).ifPresent(h -> noteLeader(base, h));
                      headersSeen.complete(null);
                      return BodySubscribers.fromSubscriber(subscriber, s -> "");
                    }
                    return BodySubscribers.ofString(StandardCharsets.UTF_8);
                  });
          exchange.whenComplete(
              (r, e) -> {
                if (e != null) {
                  headersSeen.completeExceptionally(e);
                } else {
                  headersSeen.complete(r);
                }
              });
          HttpResponse<String> response;
          try {
            response = awaitHeaders(headersSeen);
          } catch (IOException e) {
            exchange.cancel(true);
            throw e;
          }
          if (response == null) {
            if (hop > 0) {
              // Redirected by a standby: the target is the leader.
              noteLeader(base, uri.getScheme() + "://" + uri.getRawAuthority());
            }
            return base;
          }
          int status = response.statusCode();
          noteLeader(base, response);
          if (isRedirect(status) && hop < MAX_REDIRECTS) {
            uri = redirectTarget(uri, response);
            continue;
          }
          String message = base + "/v2/events: HTTP " + status + describe(status);
          if (status == 401 || status == 403) {
            throw new MarathonException(message);
          }
          errors.add(message);
          break;
        }
      } catch (IOException e) {
        errors.add(base + "/v2/events: " + ioMessage(e));
      }
      if (base.equals(leader)) {
        leader = null;
      }
    }
    throw new MarathonException(String.join("; ", errors));
  }

  private HttpResponse<String> awaitHeaders(CompletableFuture<HttpResponse<String>> headersSeen)
      throws IOException, MarathonException {
    try {
      return headersSeen.get(requestTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new HttpTimeoutException("no answer within " + requestTimeout.toSeconds() + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(String.valueOf(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MarathonException("interrupted", e);
    }
  }

  /** The leader first when known, then every configured URL. */
  List<String> candidates() {
    Collection<String> order = new LinkedHashSet<>();
    String l = leader;
    if (l != null) {
      order.add(l);
    }
    order.addAll(config.urls());
    return List.copyOf(order);
  }

  private void noteLeader(String base, HttpResponse<?> response) {
    response.headers().firstValue(LEADER_HEADER).ifPresent(h -> noteLeader(base, h));
  }

  /**
   * Remembers the leader when it is one of the configured URLs (same host and port). A leader
   * outside the list is not adopted: behind a proxy such as DC/OS Admin Router the header names
   * an address this process may not reach, and every call would first wait for it to time out.
   */
  private void noteLeader(String base, String header) {
    URI hint;
    try {
      hint = URI.create(header.contains("://") ? header : "http://" + header);
    } catch (IllegalArgumentException e) {
      return;
    }
    for (String url : config.urls()) {
      if (sameAuthority(URI.create(url), hint)) {
        if (!url.equals(leader)) {
          LOG.info("marathon: leader is {}", url);
          leader = url;
        }
        return;
      }
    }
    LOG.debug("marathon: leader {} named by {} is not a configured URL; not adopted", header, base);
  }

  private static boolean sameAuthority(URI a, URI b) {
    return a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private HttpRequest request(URI uri) throws MarathonException {
    return withAuth(
            HttpRequest.newBuilder(uri)
                .GET()
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip"))
        .build();
  }

  private HttpRequest.Builder withAuth(HttpRequest.Builder builder) throws MarathonException {
    MarathonConfig.Credentials basic = config.basicAuth();
    if (basic != null) {
      String pair = basic.principal() + ":" + basic.secret();
      return builder.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    if (config.bearerTokenFile() != null) {
      return builder.header(
          "Authorization", "token=" + readToken(Path.of(config.bearerTokenFile())));
    }
    return builder;
  }

  /** Read on every request so that a rotated token is picked up. */
  private static String readToken(Path file) throws MarathonException {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new MarathonException("bearerTokenFile " + file + " is empty");
      }
      return token;
    } catch (IOException e) {
      throw new MarathonException(
          "cannot read bearerTokenFile " + file + ": " + ioMessage(e), e);
    }
  }

  private static InputStream decoded(HttpResponse<?> response, InputStream raw) throws IOException {
    boolean gzip =
        response
            .headers()
            .firstValue("Content-Encoding")
            .map(v -> v.trim().equalsIgnoreCase("gzip"))
            .orElse(false);
    return gzip ? new GZIPInputStream(raw) : raw;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static URI redirectTarget(URI from, HttpResponse<?> response) throws IOException {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new IOException("redirect without Location"));
    return from.resolve(location);
  }

  private static String describe(int status) {
    switch (status) {
      case 401:
        return " (unauthorised: check principal/secret or bearerTokenFile)";
      case 403:
        return " (forbidden: the credentials lack permission)";
      case 405:
        return " (method not allowed)";
      case 502:
        return " (no Marathon leader)";
      case 503:
        return " (unavailable)";
      default:
        return "";
    }
  }

  private static String ioMessage(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** A failed call, with a message a user can act on. */
  static final class MarathonException extends Exception {
    MarathonException(String message) {
      super(message);
    }

    MarathonException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
