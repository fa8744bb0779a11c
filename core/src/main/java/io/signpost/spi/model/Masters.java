package io.signpost.spi.model;

import java.util.List;
import java.util.Objects;

/**
 * The Mesos masters as a source knows them.
 *
 * @param leader the leading master, or {@code null} when unknown (then no leader or master
 *     records are published)
 * @param members every known master in order; {@code masterN} names follow this order and the
 *     leader is appended when it is missing
 */
public record Masters(Endpoint leader, List<Endpoint> members) {

  /** No masters known. */
  public static final Masters NONE = new Masters(null, List.of());

  /**
   * Copies {@code members}.
   *
   * @throws NullPointerException when {@code members} is null
   */
  public Masters {
    members = List.copyOf(Objects.requireNonNull(members, "members"));
  }
}
