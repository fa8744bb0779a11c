package io.signpost.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpConfigTest {
  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void anEmptySectionGetsMesosDnsDefaults() throws Exception {
    HttpConfig config = mapper.readValue("{}", HttpConfig.class);

    assertThat(config).isEqualTo(new HttpConfig("0.0.0.0", 8123, true));
  }

  @Test
  void bindsEveryKey() throws Exception {
    HttpConfig config = mapper.readValue(
        "{\"listener\": \"::1\", \"port\": 9000, \"enumerationOn\": false}", HttpConfig.class);

    assertThat(config).isEqualTo(new HttpConfig("::1", 9000, false));
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> mapper.readValue("{\"httpport\": 8123}", HttpConfig.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("httpport");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536})
  void rejectsPortsOutOfRange(int port) {
    assertThatThrownBy(() -> new HttpConfig(null, port, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("servers.http.port: " + port + " is not a TCP port (0 to 65535)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "999.1.1.1", "1.2.3", "", "[::1]", "::g"})
  void rejectsListenersThatAreNotIpLiterals(String listener) {
    assertThatThrownBy(() -> new HttpConfig(listener, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("servers.http.listener: '" + listener + "' is not an IP address");
  }

  @Test
  void aBadValueInTheFileNamesTheKey() {
    assertThatThrownBy(() -> mapper.readValue("{\"port\": 70000}", HttpConfig.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasMessageContaining("servers.http.port: 70000");
  }
}
