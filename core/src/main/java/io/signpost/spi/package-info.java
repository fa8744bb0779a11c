/**
 * The plugin SPI: what a third party implements to add a record source or a frontend, and the
 * read-only views of the runtime that frontends consume.
 *
 * <h2>Writing a source</h2>
 *
 * <ol>
 *   <li>Write a config record for your section of the YAML file, e.g. {@code record
 *       StaticConfig(String file, int refreshSeconds)}. Jackson binds it; an unknown key or a
 *       wrong type is reported to the user with its path. Validate values in the compact
 *       constructor and throw {@link java.lang.IllegalArgumentException} with a clear message.
 *   <li>Implement {@link io.signpost.spi.PolledSource} (the runtime calls {@code fetch()} every
 *       {@code refreshInterval()}) or {@link io.signpost.spi.PushSource} (you call {@link
 *       io.signpost.spi.ReportSink#publish} whenever the cluster changes). Report the whole
 *       cluster each time, as a {@link io.signpost.spi.model.SourceReport}.
 *   <li>Implement {@link io.signpost.spi.SourceProvider}: its {@code name()} is the key under
 *       {@code sources:} in the YAML; its {@code module(config)} binds {@link
 *       io.signpost.spi.Source} to your implementation.
 *   <li>Register the provider in {@code META-INF/services/io.signpost.spi.SourceProvider}.
 *   <li>Put your jar and its dependencies in a folder under the distribution's {@code plugins/}.
 * </ol>
 *
 * <p>Failures are expected: throw from {@code fetch()} (or call {@link
 * io.signpost.spi.ReportSink#failed}) and the runtime keeps serving your last good report.
 */
package io.signpost.spi;
