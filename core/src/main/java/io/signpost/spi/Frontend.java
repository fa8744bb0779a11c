package io.signpost.spi;

import io.signpost.spi.model.PlainRecord;
import java.util.List;

/**
 * A server that answers clients from the current {@link RecordSnapshot}, e.g. over DNS or HTTP.
 * The runtime starts every frontend after the sources and stops them first at shutdown.
 */
public interface Frontend extends AutoCloseable {

  /**
   * Opens the listeners. It must return once the frontend accepts clients.
   *
   * @throws Exception when it cannot start (e.g. the port is taken); the process then exits
   *     with the exception's message
   */
  void start() throws Exception;

  /** A short description for the start-up log, e.g. {@code dns on 127.0.0.1:8053 (udp, tcp)}. */
  String describe();

  /**
   * Records the frontend itself asks to publish, e.g. the DNS server's own A/AAAA records under
   * the SOA MNAME (Mesos-DNS §5.6). The runtime adds them to every snapshot. The default has
   * none.
   */
  default List<PlainRecord> ownRecords() {
    return List.of();
  }

  /** Closes the listeners. */
  @Override
  void close();
}
