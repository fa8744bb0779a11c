package io.signpost.source.mesos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.Objects;

/** The {@code Authorization} header sent to masters, if any. */
interface Credentials {

  /** No authentication. */
  Credentials NONE = () -> null;

  /**
   * The header value for the next request, or {@code null} for none.
   *
   * @throws IOException when the token file cannot be read
   */
  String authorization() throws IOException;

  /** HTTP basic authentication with a fixed principal and secret. */
  static Credentials basic(String principal, String secret) {
    String value =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return () -> value;
  }

  /** A bearer token read from {@code file}, re-read whenever the file changes. */
  static Credentials bearerTokenFile(Path file) {
    return new TokenFile(file);
  }

  /** Caches the token with the file's modification time and size. */
  final class TokenFile implements Credentials {
    private final Path file;
    private FileTime modified;
    private long size = -1;
    private String header;

    TokenFile(Path file) {
      this.file = Objects.requireNonNull(file);
    }

    @Override
    public synchronized String authorization() throws IOException {
      FileTime nowModified;
      long nowSize;
      try {
        nowModified = Files.getLastModifiedTime(file);
        nowSize = Files.size(file);
      } catch (IOException e) {
        throw new IOException("bearerTokenFile " + file + " cannot be read: " + e, e);
      }
      if (header == null || !nowModified.equals(modified) || nowSize != size) {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
          throw new IOException("bearerTokenFile " + file + " is empty");
        }
        header = "Bearer " + token;
        modified = nowModified;
        size = nowSize;
      }
      return header;
    }
  }
}
