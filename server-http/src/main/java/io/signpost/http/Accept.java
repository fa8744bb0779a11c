package io.signpost.http;

import java.util.Locale;

/** Just enough of RFC 9110 content negotiation to honour a client's {@code Accept} header. */
final class Accept {
  private Accept() {}

  /**
   * Whether {@code header} allows {@code mediaType} ({@code type/subtype}). No header, or an
   * empty one, allows anything; a range with {@code q=0} excludes what it names.
   */
  static boolean allows(String header, String mediaType) {
    if (header == null || header.isBlank()) {
      return true;
    }
    String type = mediaType.substring(0, mediaType.indexOf('/'));
    for (String range : header.split(",")) {
      String[] parts = range.split(";");
      String media = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!(media.equals("*/*") || media.equals(type + "/*") || media.equals(mediaType))) {
        continue;
      }
      if (!hasZeroQuality(parts)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasZeroQuality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim().toLowerCase(Locale.ROOT);
      if (param.startsWith("q=")) {
        try {
          return Double.parseDouble(param.substring(2)) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
