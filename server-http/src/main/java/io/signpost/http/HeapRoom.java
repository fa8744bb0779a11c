package io.signpost.http;

/**
 * How much heap a request may still take: the maximum less what is in use now. What is in use
 * counts garbage too, so this errs towards refusing: a refused request can be retried, while a
 * heap that runs out stops the DNS server with it.
 */
final class HeapRoom {

  private HeapRoom() {}

  static long spare() {
    Runtime runtime = Runtime.getRuntime();
    return Math.max(0, runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory()));
  }
}
