package io.signpost.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "*/*", "application/json", "application/*", "APPLICATION/JSON",
      "text/html, application/json;q=0.9", "text/html;q=1, */*;q=0.1", "application/json; charset=utf-8"})
  void allowsJson(String header) {
    assertThat(Accept.allows(header, "application/json")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/html", "text/*", "application/xml", "application/json;q=0",
      "*/*;q=0.0, text/plain"})
  void refusesJson(String header) {
    assertThat(Accept.allows(header, "application/json")).isFalse();
  }

  @Test
  void noHeaderAllowsAnything() {
    assertThat(Accept.allows(null, "text/plain")).isTrue();
  }
}
