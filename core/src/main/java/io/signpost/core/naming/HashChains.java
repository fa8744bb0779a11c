package io.signpost.core.naming;

import java.util.Arrays;

/**
 * A multimap from 32-bit hashes to ints (pass numbers) in a few int arrays: the index of a compact
 * snapshot, where a {@code HashMap<String, ...>} would cost an object or two per entry. Equal
 * hashes do not mean equal keys: callers check each value they get. Not thread-safe while built;
 * read-only afterwards.
 */
final class HashChains {

  /**
   * Per slot: the hash in the high half and 1 + the first entry of its chain in the low half (0:
   * empty slot). One array, so a probe costs one cache miss.
   */
  private long[] slots;
  private int usedSlots;
  /** Per entry: its value and 1 + the next entry with the same hash (0: end). */
  private int[] value;
  private int[] next;
  private int entries;

  HashChains(int expected) {
    slots = new long[Integer.highestOneBit(Math.max(16, expected * 4 / 3)) << 1];
    value = new int[Math.max(16, expected)];
    next = new int[value.length];
  }

  /**
   * Adds {@code v} under {@code h}; chains list the latest addition first.
   *
   * @return the entry that was first under {@code h} before, or -1
   */
  int add(int h, int v) {
    if ((usedSlots + 1) * 4L > slots.length * 3L) {
      rehash(slots.length * 2);
    }
    if (entries == value.length) {
      value = Arrays.copyOf(value, entries * 2);
      next = Arrays.copyOf(next, entries * 2);
    }
    int slot = slot(h);
    int head = (int) slots[slot];
    if (head == 0) {
      usedSlots++;
    }
    value[entries] = v;
    next[entries] = head;
    slots[slot] = ((long) h << 32) | ++entries;
    return head - 1;
  }

  /** The first entry under {@code h}, or -1. */
  int first(int h) {
    return (int) slots[slot(h)] - 1;
  }

  /** The entry after {@code entry} in its chain, or -1. */
  int next(int entry) {
    return next[entry] - 1;
  }

  int value(int entry) {
    return value[entry];
  }

  /** How many values were added. */
  int entries() {
    return entries;
  }

  /** Drops the growth room once everything is added. */
  void trim() {
    if (entries < value.length * 3L / 4) { // else a copy costs more than the room it frees
      value = Arrays.copyOf(value, entries);
      next = Arrays.copyOf(next, entries);
    }
  }

  /** The slot of {@code h}'s chain, or the empty slot where it would go. */
  private int slot(int h) {
    int mask = slots.length - 1;
    int slot = mix(h) & mask;
    long s;
    while ((s = slots[slot]) != 0 && (int) (s >>> 32) != h) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void rehash(int size) {
    long[] old = slots;
    slots = new long[size];
    for (long s : old) {
      if (s != 0) {
        slots[slot((int) (s >>> 32))] = s;
      }
    }
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  /** The hash of {@code s[from, to)} within framework number {@code framework}. */
  static int hash(int framework, String s, int from, int to) {
    int h = framework * 0x9e3779b9;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  /** {@code h} extended by every character of {@code s}, as {@link #hash} goes on. */
  static int extend(int h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  static int hash(int framework, String s) {
    return hash(framework, s, 0, s.length());
  }
}
