package io.signpost.source.mesos;

import java.io.IOException;

/** A state whose reading was stopped because the heap could not hold it (see {@link HeapWatch}). */
final class StateTooBigException extends IOException {

  StateTooBigException(String message) {
    super(message);
  }
}
