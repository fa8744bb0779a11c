package io.signpost.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hash multimap behind compact snapshots, through many resizes and shared hashes. */
class HashChainsTest {

  @Test
  void everyValueIsFoundUnderItsHashLatestFirst() {
    HashChains chains = new HashChains(4);
    Map<Integer, List<Integer>> expected = new HashMap<>();
    Random random = new Random(7);
    for (int v = 0; v < 200_000; v++) {
      int h = random.nextInt(150_000) * 31; // many shared hashes, clustered values
      chains.add(h, v);
      expected.computeIfAbsent(h, k -> new ArrayList<>()).add(0, v);
    }
    chains.trim();
    expected.forEach((h, values) -> {
      List<Integer> found = new ArrayList<>();
      for (int e = chains.first(h); e >= 0; e = chains.next(e)) {
        found.add(chains.value(e));
      }
      assertThat(found).as("hash %d", h).isEqualTo(values);
    });
    assertThat(chains.first(1)).isEqualTo(-1); // no value is under a hash never added
  }
}
