package io.signpost.http;

import io.signpost.testing.ManualFeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad paths, methods and Accept headers get JSON errors with the right status. */
class ErrorsTest {
  private HttpFrontend frontend;

  private Http start(boolean enumerationOn) throws Exception {
    frontend = new HttpFrontend(new HttpConfig("127.0.0.1", 0, enumerationOn),
        new ManualFeed(FixtureSnapshot.build()), FixtureSnapshot.settings(),
        new CompositeMeterRegistry(), new EffectiveConfig());
    frontend.start();
    return new Http(frontend.port());
  }

  @AfterEach
  void stop() {
    frontend.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/v1", "/v1/version/", "/v1/hosts/", "/v1/hosts/a/b",
      "/v1/services/", "/v2/hosts/slave.mesos", "/metrics/x", "/v1/hosts/a/ports/x"})
  void unknownPathsAre404(String path) throws Exception {
    HttpResponse<String> response = start(true).get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Http.json(response).get("status").asInt()).isEqualTo(404);
    assertThat(Http.json(response).get("error").asText()).isEqualTo("no such endpoint: " + path);
  }

  @ParameterizedTest
  @CsvSource({"POST, /v1/version", "PUT, /v1/hosts/slave.mesos", "DELETE, /health",
      "POST, /metrics", "HEAD, /v1/enumerate"})
  void otherMethodsThanGetAre405(String method, String path) throws Exception {
    HttpResponse<String> response = start(true).send(method, path);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    if (!method.equals("HEAD")) {
      assertThat(Http.json(response).get("error").asText())
          .startsWith("method " + method + " is not allowed");
    }
  }

  @ParameterizedTest
  @CsvSource({"/v1/version, text/html", "/v1/hosts/slave.mesos, application/xml",
      "/health, application/json;q=0", "/metrics, application/json"})
  void anAcceptHeaderThatRefusesTheFormatIs406(String path, String accept) throws Exception {
    HttpResponse<String> response = start(true).get(path, "Accept", accept);

    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(Http.json(response).get("status").asInt()).isEqualTo(406);
  }

  @Test
  void aBrowserStyleAcceptHeaderIsFine() throws Exception {
    HttpResponse<String> response = start(true).get("/v1/version",
        "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/enumerate", "/v1/axfr"})
  void enumerationCanBeTurnedOff(String path) throws Exception {
    HttpResponse<String> response = start(false).get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.json(response).get("error").asText())
        .isEqualTo(path + " is disabled (servers.http.enumerationOn: false)");
  }

  @Test
  void aTakenPortIsAClearError() throws Exception {
    start(true);
    HttpFrontend second = new HttpFrontend(new HttpConfig("127.0.0.1", frontend.port(), true),
        new ManualFeed(), FixtureSnapshot.settings(), new CompositeMeterRegistry(),
        new EffectiveConfig());

    org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
        .hasMessageStartingWith("http: cannot listen on 127.0.0.1:" + frontend.port() + ": ");
  }
}
