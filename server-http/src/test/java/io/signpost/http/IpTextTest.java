package io.signpost.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest {
  @ParameterizedTest
  @CsvSource({
      "2001:db8:0:0:0:0:0:1, 2001:db8::1",
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "1:0:0:0:0:0:0:0, 1::",
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
      "2001:db8:0:1:0:0:1:1, 2001:db8:0:1::1:1",
      "2001:db8:1:0:1:1:1:1, 2001:db8:1:0:1:1:1:1",
      "FD01:B:0:0:0:1:8000:2, fd01:b::1:8000:2",
      "10.3.0.1, 10.3.0.1",
  })
  void writesAddressesAsGoDoes(String literal, String expected) throws Exception {
    assertThat(IpText.of(InetAddress.getByName(literal))).isEqualTo(expected);
  }
}
