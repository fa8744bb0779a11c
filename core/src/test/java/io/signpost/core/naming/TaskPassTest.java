package io.signpost.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A compact snapshot indexes canonical labels by hashes taken without building the label: they
 * must be the hashes of the label itself, whether it is plain or had to be shortened.
 */
class TaskPassTest {

  @Test
  void canonicalHashesAreThoseOfTheCanonicalLabel() {
    String longLabel = "x".repeat(60);
    for (String t : List.of("api", "web.prod", "a.b.c", longLabel, "grp." + longLabel,
        "x".repeat(52), "x".repeat(53), "x".repeat(54))) {
      TaskPass pass = new TaskPass(
          Models.task("id-1", "api", "marathon", "a-S3", List.of(), List.of(), null),
          "marathon", t, "ybndr", "s3", List.of(), List.of(), false);
      String canonical = pass.canonical();
      assertThat(canonical).isEqualTo(RecordGenerator.canonicalLabel(t, "ybndr", "s3"));
      assertThat(pass.plainCanonical()).as(t).isEqualTo(canonical.equals(t + "-ybndr-s3"));
      for (int from = 0; from <= t.length(); from++) {
        assertThat(pass.canonicalHash(7, from)).as("%s from %d", t, from)
            .isEqualTo(HashChains.hash(7, canonical, from, canonical.length()));
      }
    }
  }
}
