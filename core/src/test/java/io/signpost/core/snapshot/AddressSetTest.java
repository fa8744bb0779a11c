package io.signpost.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.AddressLookup;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Prefix searches over a sorted address set agree with comparing every address. */
class AddressSetTest {

  @Test
  void anyUnderAgreesWithAScanOfEveryAddress() throws Exception {
    Random random = new Random(42);
    for (int run = 0; run < 200; run++) {
      List<InetAddress> addresses = new ArrayList<>();
      AddressSet.Builder builder = new AddressSet.Builder();
      for (int i = random.nextInt(20); i > 0; i--) {
        InetAddress a = randomAddress(random);
        addresses.add(a);
        builder.add(a);
        if (random.nextInt(4) == 0) {
          builder.add(a); // repeats are kept once
        }
      }
      AddressSet set = builder.build();
      for (int probe = 0; probe < 50; probe++) {
        // Prefixes near the addresses (one of them, a bit flipped) and elsewhere.
        InetAddress prefix = addresses.isEmpty() || random.nextBoolean()
            ? randomAddress(random) : flip(addresses.get(random.nextInt(addresses.size())), random);
        int bits = random.nextInt(prefix.getAddress().length * 8 + 1);
        boolean expected = addresses.stream().anyMatch(a -> AddressLookup.under(a, prefix, bits));
        assertThat(set.anyUnder(prefix, bits)).as("%s/%d in %s", prefix, bits, addresses)
            .isEqualTo(expected);
      }
    }
  }

  /** Clustered addresses of both families, IPv4-mapped IPv6 ones included. */
  private static InetAddress randomAddress(Random r) throws Exception {
    byte[] bytes = new byte[r.nextInt(3) == 0 ? 16 : 4];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : r.nextInt(3));
    }
    if (bytes.length == 16 && r.nextInt(4) == 0) {
      java.util.Arrays.fill(bytes, 0, 10, (byte) 0);
      bytes[10] = (byte) 0xff;
      bytes[11] = (byte) 0xff;
    }
    return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1)
        : InetAddress.getByAddress(bytes);
  }

  private static InetAddress flip(InetAddress a, Random r) throws Exception {
    byte[] bytes = a.getAddress();
    int bit = r.nextInt(bytes.length * 8);
    bytes[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
    return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1)
        : InetAddress.getByAddress(bytes);
  }
}
