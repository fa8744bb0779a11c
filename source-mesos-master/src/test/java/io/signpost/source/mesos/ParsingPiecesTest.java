package io.signpost.source.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Port range strings, IP literals and PIDs. */
class ParsingPiecesTest {

  private static List<Integer> ports(String text, String taskId, Warnings.Batch warnings) {
    return PortRanges.parse(text, taskId, warnings, new Integer[65536]);
  }

  @Test
  void expandsPortRanges() {
    Warnings.Batch warnings = new Warnings.Batch();
    assertThat(ports("[31000-31002, 31005-31005]", "t", warnings))
        .containsExactly(31000, 31001, 31002, 31005);
    assertThat(ports("[]", "t", warnings)).isEmpty();
    assertThat(ports("", "t", warnings)).isEmpty();
    assertThat(ports(null, "t", warnings)).isEmpty();
    assertThat(warnings.messages()).isEmpty();
  }

  @Test
  void acceptsASinglePortWhereMesosDnsCrashes() {
    Warnings.Batch warnings = new Warnings.Batch();
    assertThat(ports("[31000]", "t", warnings)).containsExactly(31000);
    assertThat(ports("[31000, 31002-31003]", "t", warnings))
        .containsExactly(31000, 31002, 31003);
    assertThat(warnings.messages()).isEmpty();
  }

  @Test
  void skipsBadPiecesWithAWarning() {
    Warnings.Batch warnings = new Warnings.Batch();
    assertThat(ports("[x-31001, 31005-31006, 9-1, 70000-70001]", "task-1", warnings))
        .containsExactly(31005, 31006);
    assertThat(warnings.messages())
        .hasSize(3)
        .allSatisfy(m -> assertThat(m).startsWith("task task-1: ignoring port range"));
  }

  @Test
  void parsesOnlyStrictIpLiterals() {
    assertThat(IpLiterals.parse("10.3.0.1").getHostAddress()).isEqualTo("10.3.0.1");
    assertThat(IpLiterals.parse("fd01:b::1:8000:2").getHostAddress())
        .isEqualTo("fd01:b:0:0:0:1:8000:2");
    assertThat(IpLiterals.parse("1.2.3")).isNull();
    assertThat(IpLiterals.parse("1.2.3.4.5")).isNull();
    assertThat(IpLiterals.parse("256.1.1.1")).isNull();
    assertThat(IpLiterals.parse("01.1.1.1")).isNull();
    assertThat(IpLiterals.parse("")).isNull();
    assertThat(IpLiterals.parse("example.com")).isNull();
    assertThat(IpLiterals.parse("fe80::1%eth0")).isNull();
    assertThat(IpLiterals.parse("[::1]")).isNull();
    assertThat(IpLiterals.parse("1::2::3")).isNull();
  }

  @Test
  void readsThePidAddress() {
    assertThat(MesosMasterSource.pidAddress("master@10.0.0.1:5050"))
        .isEqualTo(new HostPort("10.0.0.1", 5050));
    assertThat(MesosMasterSource.pidAddress("master@[2001:db8::1]:5050"))
        .isEqualTo(new HostPort("2001:db8::1", 5050));
    assertThat(MesosMasterSource.pidAddress("")).isNull();
    assertThat(MesosMasterSource.pidAddress("@")).isNull();
    assertThat(MesosMasterSource.pidAddress("1@")).isNull();
    assertThat(MesosMasterSource.pidAddress("3@4")).isNull();
    assertThat(MesosMasterSource.pidAddress("a@b@c:1")).isNull();
  }
}
