package io.signpost.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a Signpost HTTP API (the Mesos-DNS {@code /v1/...} endpoints) over real HTTP. */
public final class HttpApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** A client of the API at {@code base}, e.g. {@code http://127.0.0.1:8123}. */
  public HttpApiClient(URI base) {
    this.base = base;
  }

  /** GETs {@code path} (e.g. {@code /v1/hosts/db.mesos}) and returns the response as text. */
  public HttpResponse<String> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + request.uri(), e);
    }
  }

  /**
   * GETs {@code path} and parses the body as JSON.
   *
   * @throws IllegalStateException when the status is not 200 or the body is not JSON
   */
  public JsonNode json(String path) {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + ": "
          + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("GET " + path + ": not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
