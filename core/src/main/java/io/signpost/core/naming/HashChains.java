package io.signpost.core.naming;

import java.util.Arrays;

/**
 * A multimap from 32-bit hashes to ints (pass numbers) in a few int arrays: the index of a compact
 * snapshot, where a {@code HashMap<String, ...>} would cost an object or two per entry. Equal
 * hashes do not mean equal keys: callers check each value they get. Not thread-safe while built;
 * read-only afterwards.
 */
final class HashChains {

  /** Per slot: the hash, and 1 + the first entry of its chain (0: empty slot). */
  private int[] slotHash;
  private int[] slotHead;
  private int usedSlots;
  /** Per entry: the value and 1 + the next entry with the same hash (0: end). */
  private int[] value;
  private int[] next;
  private int entries;

  HashChains(int expected) {
    int slots = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slotHash = new int[slots];
    slotHead = new int[slots];
    value = new int[Math.max(16, expected)];
    next = new int[value.length];
  }

  /** Adds {@code v} under {@code hash}; chains list the latest addition first. */
  void add(int hash, int v) {
    if ((usedSlots + 1) * 2 > slotHash.length) {
      rehash(slotHash.length * 2);
    }
    if (entries == value.length) {
      value = Arrays.copyOf(value, entries * 2);
      next = Arrays.copyOf(next, entries * 2);
    }
    int slot = slot(hash);
    if (slotHead[slot] == 0) {
      slotHash[slot] = hash;
      usedSlots++;
    }
    value[entries] = v;
    next[entries] = slotHead[slot];
    slotHead[slot] = ++entries;
  }

  /** The first entry under {@code hash}, or -1. */
  int first(int hash) {
    return slotHead[slot(hash)] - 1;
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
    value = Arrays.copyOf(value, entries);
    next = Arrays.copyOf(next, entries);
  }

  private int slot(int hash) {
    int mask = slotHash.length - 1;
    int slot = mix(hash) & mask;
    while (slotHead[slot] != 0 && slotHash[slot] != hash) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void rehash(int slots) {
    int[] oldHash = slotHash;
    int[] oldHead = slotHead;
    slotHash = new int[slots];
    slotHead = new int[slots];
    for (int i = 0; i < oldHash.length; i++) {
      if (oldHead[i] != 0) {
        int slot = slot(oldHash[i]);
        slotHash[slot] = oldHash[i];
        slotHead[slot] = oldHead[i];
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
