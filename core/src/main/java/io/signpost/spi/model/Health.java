package io.signpost.spi.model;

/** A task's health as reported by its health checks. */
public enum Health {
  /** Health checks pass. */
  HEALTHY,
  /** Health checks fail. */
  UNHEALTHY,
  /** The task has no health checks, or none has reported yet. */
  UNKNOWN
}
