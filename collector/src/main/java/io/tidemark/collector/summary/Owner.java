package io.tidemark.collector.summary;

import io.tidemark.collector.summary.Names.Group;
import io.tidemark.collector.summary.Names.Scope;
import java.util.Arrays;

/**
 * A node, system container, pod or container being read: the figures found in it so far, waiting
 * for its name (which labels them) and, for figures without a time of their own, its time. Reused
 * from parse to parse; not thread-safe.
 */
final class Owner {

  static final long NO_TIME = Long.MIN_VALUE;

  Scope scope;
  String name;
  String namespace;
  long cpuTime;
  long memoryTime;
  long newestTime;

  int size;
  Group[] groups = new Group[32];
  String[] labels = new String[32];
  int[] slots = new int[32];
  double[] values = new double[32];
  long[] times = new long[32];

  void reset(Scope scope) {
    this.scope = scope;
    name = null;
    namespace = null;
    cpuTime = NO_TIME;
    memoryTime = NO_TIME;
    newestTime = NO_TIME;
    size = 0;
  }

  /** A figure of the owner itself, timed later. */
  void add(int slot, double value) {
    add(Group.OWN, null, slot, value, NO_TIME);
  }

  /** A figure of {@code group} for {@code label}, at {@code time} or timed later. */
  void add(Group group, String label, int slot, double value, long time) {
    if (size == slots.length) {
      int capacity = size * 2;
      groups = Arrays.copyOf(groups, capacity);
      labels = Arrays.copyOf(labels, capacity);
      slots = Arrays.copyOf(slots, capacity);
      values = Arrays.copyOf(values, capacity);
      times = Arrays.copyOf(times, capacity);
    }
    groups[size] = group;
    labels[size] = label;
    slots[size] = slot;
    values[size] = value;
    times[size] = time;
    size++;
    if (time != NO_TIME && time > newestTime) {
      newestTime = time;
    }
  }

  /**
   * Gives the figures added since {@code first} the time of the object they came from; an object
   * that should carry a time but does not loses its figures.
   */
  void stamp(int first, long time) {
    if (time == NO_TIME) {
      size = first;
      return;
    }
    for (int i = first; i < size; i++) {
      if (times[i] == NO_TIME) {
        times[i] = time;
      }
    }
    if (time > newestTime) {
      newestTime = time;
    }
  }

  /** The time of figures without their own: the CPU stats', else the memory stats', else newest. */
  long fallbackTime() {
    return cpuTime != NO_TIME ? cpuTime : memoryTime != NO_TIME ? memoryTime : newestTime;
  }
}
