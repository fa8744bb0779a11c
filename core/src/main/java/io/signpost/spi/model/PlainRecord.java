package io.signpost.spi.model;

import java.util.Objects;

/**
 * A DNS record a source asks to publish as it is, e.g. a static entry for a host outside the
 * cluster. The core checks it and lower-cases the name.
 *
 * @param name the owner name: absolute when it ends with a dot ({@code db.mesos.}), otherwise
 *     relative to the configured domain ({@code db} means {@code db.mesos.})
 * @param type the record type
 * @param value an IP address for A and AAAA; {@code target:port} for SRV, where a target without
 *     a trailing dot is relative to the domain too
 */
public record PlainRecord(String name, RecordType type, String value) {
  /**
   * Checks presence only; the core checks the name and value against the type when it builds
   * records, and leaves a bad record out with a warning.
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public PlainRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("record name is empty");
    }
  }
}
