package io.signpost.core.runtime;

/** The server cannot start; the message says why in one line. */
public final class StartupException extends Exception {
  public StartupException(String message) {
    super(message);
  }
}
