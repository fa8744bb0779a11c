package io.signpost.core.naming;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The two short identifiers in canonical task names: the task-ID hash and the agent-ID tail. */
final class TaskHash {

  /** The z-base-32 alphabet (Zooko's human-oriented base 32). */
  private static final String Z_BASE_32 = "ybndrfg8ejkmcpqxot1uwisza345h769";
  private static final int LENGTH = 5;

  private TaskHash() {}

  /**
   * The first 5 z-base-32 characters of the SHA-1 of the task ID's UTF-8 bytes, i.e. its first 25
   * bits; e.g. {@code test} gives {@code iffe9}.
   */
  static String hash5(String taskId) {
    return hash5(taskId, sha1());
  }

  /** A SHA-1 digest to pass to {@link #hash5(String, MessageDigest)} for many IDs. */
  static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
  }

  /** {@link #hash5(String)} with a digest owned by the caller (looked up once, not per task). */
  static String hash5(String taskId, MessageDigest sha1) {
    return hash5(bits(taskId, sha1));
  }

  /**
   * The 25 bits of the task-ID hash, as an int: what a compact snapshot keeps per task instead of
   * the five characters.
   */
  static int bits(String taskId, MessageDigest sha1) {
    return topBits(sha1.digest(taskId.getBytes(StandardCharsets.UTF_8)));
  }

  /** The first 25 bits of a SHA-1 digest. */
  private static int topBits(byte[] digest) {
    // The first 4 bytes hold the 25 bits needed, most significant bit first.
    long top = ((digest[0] & 0xffL) << 24)
        | ((digest[1] & 0xffL) << 16)
        | ((digest[2] & 0xffL) << 8)
        | (digest[3] & 0xffL);
    return (int) (top >>> (32 - 5 * LENGTH));
  }

  /**
   * {@link #bits} for many IDs, reusing its buffers: on a big cluster every task is hashed on
   * every build. Not thread-safe.
   */
  static final class Hasher {
    private final MessageDigest sha1 = sha1();
    private byte[] in = new byte[128];
    private final byte[] out = new byte[20];

    int bits(String taskId) {
      int n = taskId.length();
      if (n > in.length) {
        in = new byte[Math.max(n, in.length * 2)];
      }
      for (int i = 0; i < n; i++) {
        char c = taskId.charAt(i);
        if (c >= 0x80) {
          return TaskHash.bits(taskId, sha1); // not ASCII: let the encoder do UTF-8
        }
        in[i] = (byte) c;
      }
      sha1.update(in, 0, n);
      try {
        sha1.digest(out, 0, out.length);
      } catch (DigestException e) {
        throw new IllegalStateException("a SHA-1 digest is 20 bytes", e);
      }
      return topBits(out);
    }
  }

  /** The five z-base-32 characters of {@link #bits}. */
  static String hash5(int bits) {
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = Z_BASE_32.charAt((bits >>> (5 * (LENGTH - 1 - i))) & 0x1f);
    }
    return new String(out);
  }

  /**
   * The last dash-separated piece of an agent ID, lower-cased ({@code …-S3} gives {@code s3}).
   * Signpost also passes it through the RFC 1123 label rules, which leaves every real Mesos agent
   * ID tail unchanged but keeps odd IDs from producing illegal labels.
   */
  static String agentTail(String agentId) {
    String last = agentId.substring(agentId.lastIndexOf('-') + 1);
    return LabelSanitizer.rfc1123().label(last.toLowerCase(Locale.ROOT));
  }
}
