package io.signpost.core.snapshot;

import io.signpost.spi.AddressLookup;
import io.signpost.spi.RecordSnapshot;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The addresses of a snapshot that keeps every name, indexed by one walk over its names: for
 * snapshots whose names are all in memory anyway (compact snapshots index their tasks instead).
 */
final class AddressIndex implements AddressLookup {

  private final Map<InetAddress, Set<String>> names = new HashMap<>();
  private final AddressSet addresses;

  AddressIndex(RecordSnapshot snapshot) {
    AddressSet.Builder all = new AddressSet.Builder();
    snapshot.forEach((name, set) -> {
      for (InetAddress a : set.a()) {
        names.computeIfAbsent(a, k -> new HashSet<>()).add(name);
        all.add(a);
      }
      for (InetAddress a : set.aaaa()) {
        names.computeIfAbsent(a, k -> new HashSet<>()).add(name);
        all.add(a);
      }
    });
    names.replaceAll((a, set) -> Set.copyOf(set));
    addresses = all.build();
  }

  @Override
  public Set<String> names(InetAddress address) {
    return names.getOrDefault(address, Set.of());
  }

  @Override
  public boolean anyUnder(InetAddress prefix, int bits) {
    return addresses.anyUnder(prefix, bits);
  }
}
