package io.signpost.spi.model;

/** The record types Signpost publishes from the cluster model. */
public enum RecordType {
  /** An IPv4 address. */
  A,
  /** An IPv6 address. */
  AAAA,
  /** A service location: target host and port. */
  SRV
}
