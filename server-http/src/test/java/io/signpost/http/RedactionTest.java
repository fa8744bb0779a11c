package io.signpost.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"password\": \"x\"}                | {\"password\": \"******\"}",
      "{\"MesosCredentials\": {\"Secret\": \"x\"}} | {\"MesosCredentials\": \"******\"}",
      "{\"a\": {\"bearerToken\": 42}}       | {\"a\": {\"bearerToken\": \"******\"}}",
      "{\"private_key\": \"-----BEGIN\"}   | {\"private_key\": \"******\"}",
      "{\"secret\": null, \"token\": \"\"} | {\"secret\": null, \"token\": \"\"}",
      "{\"keyFile\": \"/etc/k.pem\"}        | {\"keyFile\": \"/etc/k.pem\"}",
      "[\"https://u:p@127.0.0.1/x\"]        | [\"https://******@127.0.0.1/x\"]",
      "{\"url\": \"http://127.0.0.1:80\"}  | {\"url\": \"http://127.0.0.1:80\"}",
  })
  void hidesSecrets(String input, String expected) throws Exception {
    JsonNode redacted = Redaction.redact(Http.MAPPER.readTree(input));

    assertThat(redacted).isEqualTo(Http.MAPPER.readTree(expected));
  }
}
