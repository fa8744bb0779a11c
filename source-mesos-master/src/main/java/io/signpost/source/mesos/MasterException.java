package io.signpost.source.mesos;

import java.io.IOException;

/** A failure to get the state from one master; the message names the master and the problem. */
final class MasterException extends IOException {

  MasterException(String master, String problem) {
    super("master " + master + ": " + problem);
  }

  MasterException(String master, String problem, Throwable cause) {
    super("master " + master + ": " + problem, cause);
  }
}
