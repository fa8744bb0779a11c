package io.signpost.core.naming;

import java.util.Arrays;

/**
 * A multimap from 32-bit hashes to ints (pass numbers) in a few int arrays: the index of a compact
 * snapshot, where a {@code HashMap<String, ...>} would cost an object or two per entry. Equal
 * hashes do not mean equal keys: callers check each value they get. Not thread-safe while built;
 * read-only afterwards.
 */
final class HashChains {

  /** Per slot: 1 + the first entry of the chain of one hash (0: empty slot). */
  private int[] slots;
  private int usedSlots;
  /** Per entry: its hash, its value and 1 + the next entry with the same hash (0: end). */
  private int[] hash;
  private int[] value;
  private int[] next;
  private int entries;

  HashChains(int expected) {
    slots = new int[Integer.highestOneBit(Math.max(16, expected * 4 / 3)) << 1];
    hash = new int[Math.max(16, expected)];
    value = new int[hash.length];
    next = new int[hash.length];
  }

  /** Adds {@code v} under {@code h}; chains list the latest addition first. */
  void add(int h, int v) {
    if ((usedSlots + 1) * 4L > slots.length * 3L) {
      rehash(slots.length * 2);
    }
    if (entries == hash.length) {
      hash = Arrays.copyOf(hash, entries * 2);
      value = Arrays.copyOf(value, entries * 2);
      next = Arrays.copyOf(next, entries * 2);
    }
    int slot = slot(h);
    if (slots[slot] == 0) {
      usedSlots++;
    }
    hash[entries] = h;
    value[entries] = v;
    next[entries] = slots[slot];
    slots[slot] = ++entries;
  }

  /** The first entry under {@code h}, or -1. */
  int first(int h) {
    return slots[slot(h)] - 1;
  }

  /** The entry after {@code entry} in its chain, or -1. */
  int next(int entry) {
    return next[entry] - 1;
  }

  int value(int entry) {
    return value[entry];
  }

  /** Drops the growth room once everything is added. */
  void trim() {
    hash = Arrays.copyOf(hash, entries);
    value = Arrays.copyOf(value, entries);
    next = Arrays.copyOf(next, entries);
  }

  /** The slot of {@code h}'s chain, or the empty slot where it would go. */
  private int slot(int h) {
    int mask = slots.length - 1;
    int slot = mix(h) & mask;
    while (slots[slot] != 0 && hash[slots[slot] - 1] != h) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void rehash(int size) {
    int[] old = slots;
    slots = new int[size];
    for (int head : old) {
      if (head != 0) {
        slots[slot(hash[head - 1])] = head;
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

  static int hash(int framework, String s) {
    return hash(framework, s, 0, s.length());
  }
}
