package io.signpost.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Legal dotted names: the copy-free check for ASCII names against the lower-casing one. */
class DnsNamesTest {

  @Property
  void theAsciiCheckAgreesWithTheLowerCasingOne(
      @ForAll @StringLength(max = 140) @Chars({'a', 'Z', '0', '-', '_', '.', '.', ' ', 'K'})
          String text,
      @ForAll boolean allowTrailingDot) {
    assertThat(DnsNames.legalDotted(text, allowTrailingDot))
        .isEqualTo(DnsNames.legalDottedLowerCased(text, allowTrailingDot));
  }

  @Test
  void piecesAreCheckedOneByOne() {
    assertThat(DnsNames.legalDotted("web.Group_1", false)).isTrue();
    assertThat(DnsNames.legalDotted("web..group", false)).isFalse();
    assertThat(DnsNames.legalDotted("web.group.", false)).isFalse();
    assertThat(DnsNames.legalDotted("web.group.", true)).isTrue();
    assertThat(DnsNames.legalDotted(".", true)).isFalse();
    assertThat(DnsNames.legalDotted("a".repeat(63) + ".b", false)).isTrue();
    assertThat(DnsNames.legalDotted("a".repeat(64) + ".b", false)).isFalse();
    // The Kelvin sign lower-cases to an ASCII k: the long way decides.
    assertThat(DnsNames.legalDotted("\u212A8s", false)).isTrue();
    assertThat(DnsNames.legalDotted("tâche", false)).isFalse();
  }
}
