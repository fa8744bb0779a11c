package io.signpost.spi.support;

/**
 * How much heap a request may still take, for plugins that build something big on demand (a
 * zone transfer, a listing of every record) and must refuse it rather than run the server out
 * of memory: the maximum less what is in use now. What is in use counts garbage too, so this
 * errs towards refusing, which the client can retry.
 */
public final class HeapRoom {

  private HeapRoom() {}

  /** Bytes the heap may still grow by. */
  public static long spare() {
    Runtime runtime = Runtime.getRuntime();
    return Math.max(0, runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory()));
  }
}
