package io.signpost.core.snapshot;

import io.signpost.spi.AddressLookup;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted set of addresses that answers {@link AddressLookup#anyUnder} by binary search: one
 * byte array per distinct address, so a cluster's 100,000 container addresses take about 3 MB.
 */
public final class AddressSet {

  private final byte[][] sorted;

  private AddressSet(byte[][] sorted) {
    this.sorted = sorted;
  }

  /** Collects addresses, repeats included. Not thread-safe. */
  public static final class Builder {
    private final List<byte[]> addresses = new ArrayList<>();

    public Builder add(InetAddress address) {
      addresses.add(address.getAddress());
      return this;
    }

    public AddressSet build() {
      byte[][] all = addresses.toArray(new byte[0][]);
      // IPv4 (4 bytes) sort before IPv6 (16 bytes): a prefix search stays within its family.
      Arrays.sort(all, AddressSet::compare);
      int n = 0;
      for (byte[] a : all) {
        if (n == 0 || compare(all[n - 1], a) != 0) {
          all[n++] = a;
        }
      }
      return new AddressSet(Arrays.copyOf(all, n));
    }
  }

  /** See {@link AddressLookup#anyUnder}. */
  public boolean anyUnder(InetAddress prefix, int bits) {
    byte[] low = prefix.getAddress();
    if (bits < 0 || bits > low.length * 8) {
      return false;
    }
    for (int i = bits; i < low.length * 8; i++) {
      low[i / 8] &= (byte) ~(0x80 >>> (i % 8)); // the lowest address under the prefix
    }
    int at = Arrays.binarySearch(sorted, low, AddressSet::compare);
    if (at >= 0) {
      return true;
    }
    int next = -at - 1; // the first address above the lowest one: under the prefix, or past it
    return next < sorted.length && AddressLookup.under(address(sorted[next]), prefix, bits);
  }

  /** The address of {@code bytes}; 16 bytes stay an IPv6 address even when IPv4-mapped. */
  private static InetAddress address(byte[] bytes) {
    try {
      return bytes.length == 16
          ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  private static int compare(byte[] a, byte[] b) {
    return a.length != b.length
        ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
  }
}
