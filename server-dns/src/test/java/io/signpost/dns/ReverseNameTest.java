package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Address;
import org.xbill.DNS.ReverseMap;

/** Reverse names read as the address prefixes they stand for, canonical spellings only. */
class ReverseNameTest {

  @Test
  void wholeAddressesReadBackAsThemselves() throws Exception {
    for (String ip : new String[] {"10.0.0.2", "0.0.0.0", "255.1.20.3", "fd01:b::1:8000:2",
        "::ffff:10.0.0.1", "::"}) {
      byte[] bytes = Address.toByteArray(ip, ip.contains(":") ? Address.IPv6 : Address.IPv4);
      String name = ReverseMap.fromAddress(ip).toString();
      ReverseName parsed = ReverseName.parse(name);
      assertThat(parsed).as(name).isNotNull();
      assertThat(parsed.whole()).isTrue();
      assertThat(parsed.prefix().getAddress()).as(name).isEqualTo(bytes);
    }
  }

  @Test
  void shorterNamesArePrefixes() {
    ReverseName v4 = ReverseName.parse("0.10.in-addr.arpa.");
    assertThat(v4.bits()).isEqualTo(16);
    assertThat(v4.prefix().getHostAddress()).isEqualTo("10.0.0.0");
    assertThat(v4.whole()).isFalse();
    ReverseName v6 = ReverseName.parse("d.f.ip6.arpa.");
    assertThat(v6.bits()).isEqualTo(8);
    assertThat(v6.prefix()).isInstanceOf(Inet6Address.class);
    assertThat(v6.prefix().getAddress()[0]).isEqualTo((byte) 0xfd);
    assertThat(ReverseName.parse("in-addr.arpa.").bits()).isZero();
    assertThat(ReverseName.parse("ip6.arpa.").bits()).isZero();
  }

  @Test
  void otherSpellingsAreNotAddresses() {
    for (String name : new String[] {"010.0.0.10.in-addr.arpa.", "256.0.0.10.in-addr.arpa.",
        "1.2.0.0.10.in-addr.arpa.", "x.10.in-addr.arpa.", "..10.in-addr.arpa.",
        "10.in-addr.arpa.example.", "ab.d.f.ip6.arpa.", "g.ip6.arpa.", "mesos.",
        "0.".repeat(33) + "ip6.arpa."}) {
      assertThat(ReverseName.parse(name)).as(name).isNull();
    }
  }
}
