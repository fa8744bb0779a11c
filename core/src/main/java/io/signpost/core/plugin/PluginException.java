package io.signpost.core.plugin;

/** A plugin cannot be loaded; the message names the folder and the problem. */
public final class PluginException extends Exception {
  public PluginException(String message) {
    super(message);
  }
}
