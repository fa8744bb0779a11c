package io.signpost.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** The label and domain-fragment tables of the behaviour spec §5.2. */
class LabelSanitizerTest {

  private final LabelSanitizer rfc952 = new LabelSanitizer(true);
  private final LabelSanitizer rfc1123 = new LabelSanitizer(false);

  @ParameterizedTest(name = "{0} -> 952: {1}, 1123: {2}")
  @CsvSource(delimiter = '|', emptyValue = "", value = {
      "4abc123|abc123|4abc123",
      "-4abc123|abc123|4abc123",
      "---a---b|a---b|a---b",
      "a.b.c.d.e|a-b-c-d-e|a-b-c-d-e",
      "a.c.d_de.|a-c-d-de|a-c-d-de",
      "abc--123|abc--123|abc--123",
      "89fdgsf---gs7-fgs--d7fddg-123|fdgsf---gs7-fgs--d7fddg1|89fdgsf---gs7-fgs--d7fddg-123",
      "fd%gsf---gs7-f$gs--d7fddg-123|fdgsf---gs7-fgs--d7fddg1|fdgsf---gs7-fgs--d7fddg-123",
      "chronos with a space AND MIXED CASE-2.0.1|chronoswithaspaceandmixe"
          + "|chronoswithaspaceandmixedcase-2-0-1",
      "123|''|123",
      "Hello_World.v2|hello-world-v2|hello-world-v2",
  })
  void labelTable(String input, String expected952, String expected1123) {
    assertThat(rfc952.label(input)).isEqualTo(expected952);
    assertThat(rfc1123.label(input)).isEqualTo(expected1123);
  }

  @Test
  void longDashRunsAreCutThenRefilled() {
    String sixtyFour = "hello" + "-".repeat(58) + "f";
    String sixtyTwo = "hello" + "-".repeat(56) + "f";
    assertThat(sixtyFour).hasSize(64);
    assertThat(sixtyTwo).hasSize(62);
    assertThat(rfc952.label(sixtyFour)).isEqualTo("hellof");
    assertThat(rfc1123.label(sixtyFour)).isEqualTo("hellof");
    assertThat(rfc952.label(sixtyTwo)).isEqualTo("hellof");
    assertThat(rfc1123.label(sixtyTwo)).isEqualTo(sixtyTwo);
  }

  @Test
  void refillNeverEndsWithDashUnlikeMesosDns() {
    // Mesos-DNS gives "abcdefghijklmnopqrstuvx-" (a [QUIRK]); Signpost trims the dash.
    assertThat(rfc952.label("abcdefghijklmnopqrstuv----x-yz"))
        .isEqualTo("abcdefghijklmnopqrstuvx");
  }

  @Test
  void nonAsciiAndSymbolsAreDeleted() {
    assertThat(rfc1123.label("grüße/@$ Welt\uFFFD")).isEqualTo("grewelt");
    assertThat(rfc1123.label("日本")).isEmpty();
    assertThat(rfc1123.label("")).isEmpty();
  }

  @Test
  void lengthLimits() {
    assertThat(rfc1123.label("a".repeat(100))).isEqualTo("a".repeat(63));
    assertThat(rfc952.label("a".repeat(100))).isEqualTo("a".repeat(24));
  }

  @ParameterizedTest(name = "{0} -> 952: {1}, 1123: {2}")
  @CsvSource(delimiter = '|', value = {
      "marathon|marathon|marathon",
      "marathon.prod|marathon.prod|marathon.prod",
      "chronos with a space AND MIXED CASE-2.0.1|chronoswithaspaceandmixe"
          + "|chronoswithaspaceandmixedcase-2.0.1",
      "pod_123$abc.marathon-0.6.0-dev.mesos|pod-123abc.marathon-0.dev.mesos"
          + "|pod-123abc.marathon-0.6.0-dev.mesos",
      "a..c|a.c|a.c",
      ".abc|abc|abc",
      "abc.|abc|abc",
      "(@ host . com|host.com|host.com",
      "MiXeDcase.CoM|mixedcase.com|mixedcase.com",
  })
  void domainFragmentTable(String input, String expected952, String expected1123) {
    assertThat(rfc952.domainFragment(input)).isEqualTo(expected952);
    assertThat(rfc1123.domainFragment(input)).isEqualTo(expected1123);
  }

  @Test
  void domainFragmentOfNothingIsEmpty() {
    assertThat(rfc1123.domainFragment("...")).isEmpty();
    assertThat(rfc952.domainFragment("1.2.3")).isEmpty();
  }

  @Property
  void theShortcutForLabelsAlreadyLegalAnswersAsTheLongWay(
      @ForAll @StringLength(max = 70) @Chars({'a', 'z', '0', '9', '-', 'A', '.', '_', 'é'})
          String raw) {
    assertThat(rfc1123.label(raw)).isEqualTo(rfc1123.sanitise(raw));
    assertThat(rfc952.label(raw)).isEqualTo(rfc952.sanitise(raw));
  }

  @Test
  void aLegalLabelIsReturnedAsItIs() {
    String label = "web-1";
    assertThat(rfc1123.label(label)).isSameAs(label);
    assertThat(rfc952.label("1web")).isEqualTo("web");
    assertThat(rfc1123.label("web-")).isEqualTo("web");
    assertThat(rfc952.label("a".repeat(25))).hasSize(24);
  }
}
