package io.signpost.core.config;

import java.util.List;

/** The configuration cannot be used. Each problem is one line naming the key path. */
public final class ConfigException extends Exception {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** The problems, one line each. */
  public List<String> problems() {
    return problems;
  }
}
