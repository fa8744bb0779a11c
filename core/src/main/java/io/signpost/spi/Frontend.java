package io.signpost.spi;

import io.signpost.spi.model.PlainRecord;
import java.net.InetSocketAddress;
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
   * Records the frontend publishes about itself, e.g. the DNS server's own name (the SOA MNAME)
   * with its listening addresses. Asked once, after construction and before {@link #start()}.
   */
  default List<PlainRecord> ownRecords() {
    return List.of();
  }

  /**
   * The addresses the frontend listens on once started, with the ports actually bound (useful
   * when the configured port is 0, as in tests). The default is none.
   */
  default List<InetSocketAddress> listeningAddresses() {
    return List.of();
  }

  /** Closes the listeners. */
  @Override
  void close();
}
