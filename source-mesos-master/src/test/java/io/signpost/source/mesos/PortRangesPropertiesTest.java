package io.signpost.source.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The shortcut for the common ports form reads exactly what the general parser reads. */
class PortRangesPropertiesTest {

  @Property(tries = 3000)
  void theShortcutAgreesWithTheGeneralParser(@ForAll("portsTexts") String text) {
    Warnings.Batch general = new Warnings.Batch();
    Warnings.Batch shortcut = new Warnings.Batch();
    List<Integer> expected = PortRanges.parseSlowly(text, "t", general);
    List<Integer> actual = PortRanges.parse(text, "t", shortcut, new Integer[65536]);
    assertThat(actual).as(text).isEqualTo(expected);
    assertThat(shortcut.messages()).as(text).isEqualTo(general.messages());
  }

  /** Mostly well-formed ranges, with the odd piece a master (or a typo) could write. */
  @Provide
  Arbitrary<String> portsTexts() {
    Arbitrary<String> number = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 70000).map(String::valueOf),
        Arbitraries.integers().between(0, 999).map(n -> "0" + n),
        Arbitraries.of("", "x", "+5", "-1", "31000 ", " 31000", "١٢"));
    Arbitrary<String> piece = Arbitraries.oneOf(
        number,
        Arbitraries.integers().between(0, 65535).flatMap(lo ->
            Arbitraries.integers().between(lo, Math.min(65535, lo + 5))
                .map(hi -> lo + "-" + hi)),
        number.list().ofSize(2).map(ends -> ends.get(0) + "-" + ends.get(1)));
    Arbitrary<String> separator = Arbitraries.of(", ", ",", ",  ", " , ");
    return piece.list().ofMinSize(0).ofMaxSize(4).flatMap(pieces ->
        separator.map(sep -> String.join(sep, pieces))).flatMap(inner ->
        Arbitraries.of("[%s]", "[%s]", "[%s]", "[%s] ", " [%s]", "%s", "[%s", "[[%s]]")
            .map(form -> form.formatted(inner)));
  }
}
