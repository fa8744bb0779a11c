package io.signpost.core.plugin;

/**
 * A plugin found at start-up.
 *
 * @param name the plugin's name (its config section key)
 * @param kind {@code source} or {@code server}
 * @param origin where it was found: a plugin folder, or {@code classpath}
 * @param version the plugin jar's Implementation-Version, or {@code dev}
 * @param provider the provider instance
 */
public record InstalledPlugin(String name, String kind, String origin, String version, Object provider) {}
