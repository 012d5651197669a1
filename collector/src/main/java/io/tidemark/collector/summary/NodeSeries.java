package io.tidemark.collector.summary;

import io.tidemark.collector.summary.Names.Group;
import io.tidemark.collector.summary.Names.Scope;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.Labels;
import io.tidemark.storage.SeriesKey;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The series keys of one node's Summary, kept from one payload to the next, so that a steady node's
 * series are named without building anything.
 *
 * <p>A steady node publishes the same series at every scrape: keeping their keys makes naming a
 * sample an array read instead of building a name, a label set and a key, and lets the store find
 * the key it already holds by identity. Pods that are absent from a payload are forgotten after it;
 * the figures of one pod, container or system container (interfaces, volumes, accelerators) are
 * capped at {@link #MAX_PER_GROUP} each and rebuilt past it, so memory follows what runs now.
 *
 * <p>Not thread-safe: {@link SummaryParser} holds its lock during a parse.
 */
final class NodeSeries {

  /** The most keyed entries (interfaces, volumes, ...) one owner keeps per group. */
  static final int MAX_PER_GROUP = 1024;

  private final Labels labels;
  private final Keys node;
  private final Map<String, Keys> systemContainers = new HashMap<>();
  private Map<String, Keys> pods = new HashMap<>();
  private Map<String, Keys> previousPods = new HashMap<>();

  NodeSeries(String node) {
    this.labels = Labels.builder(1).put(SeriesNames.NODE_LABEL, node).build();
    this.node = new Keys(Scope.NODE, labels);
  }

  /** Starts a parse: pods not found by {@link #pod} before {@link #end} are then forgotten. */
  void begin() {
    Map<String, Keys> swap = previousPods;
    previousPods = pods;
    pods = swap;
  }

  /** Ends a parse, whether it succeeded or not. */
  void end() {
    previousPods.clear();
  }

  /** How many pods are kept. */
  int pods() {
    return pods.size() + previousPods.size();
  }

  Keys node() {
    return node;
  }

  Keys systemContainer(String name) {
    return capped(
        systemContainers,
        name,
        n -> new Keys(Scope.SYSTEM_CONTAINER, labels.with("system_container", n)));
  }

  /**
   * The value of {@code key} in {@code map}, made when absent; a map that has reached {@link
   * #MAX_PER_GROUP} is emptied first, so what a churning owner keeps stays bounded.
   */
  private static <V> V capped(Map<String, V> map, String key, Function<String, V> make) {
    V value = map.get(key);
    if (value == null) {
      if (map.size() >= MAX_PER_GROUP) {
        map.clear();
      }
      value = make.apply(key);
      map.put(key, value);
    }
    return value;
  }

  Keys pod(String namespace, String name) {
    String id = namespace + '/' + name; // a namespace has no '/'
    Keys keys = pods.get(id);
    if (keys == null) {
      keys = previousPods.remove(id);
      if (keys == null) {
        keys =
            new Keys(
                Scope.POD,
                Labels.builder(3)
                    .put(SeriesNames.NODE_LABEL, labels.get(SeriesNames.NODE_LABEL))
                    .put(SeriesNames.NAMESPACE_LABEL, namespace)
                    .put(SeriesNames.POD_LABEL, name)
                    .build());
      }
      pods.put(id, keys);
    }
    return keys;
  }

  /** The series of one node, system container, pod or container. */
  static final class Keys {
    private final Scope scope;
    private final Labels labels;
    private final SeriesKey[] unlabelled = new SeriesKey[Names.UNLABELLED_SLOTS];
    private Map<Group, Map<String, GroupKeys>> labelled;
    private Map<String, Keys> containers;

    private Keys(Scope scope, Labels labels) {
      this.scope = scope;
      this.labels = labels;
    }

    /** The series of {@code slot} of a group without a label of its own, such as {@code OWN}. */
    SeriesKey unlabelled(Group group, int slot) {
      int index = group.offset() + slot;
      SeriesKey key = unlabelled[index];
      if (key == null) {
        key = new SeriesKey(group.metric(scope, slot), labels);
        unlabelled[index] = key;
      }
      return key;
    }

    /**
     * The series of a labelled {@code group} for {@code label}: its label's value; for
     * accelerators, {@link Names#accelerator}.
     */
    GroupKeys labelled(Group group, String label) {
      if (labelled == null) {
        labelled = new EnumMap<>(Group.class);
      }
      Map<String, GroupKeys> byLabel = labelled.get(group);
      if (byLabel == null) {
        byLabel = new HashMap<>(4);
        labelled.put(group, byLabel);
      }
      return capped(byLabel, label, l -> new GroupKeys(scope, group, groupLabels(group, l)));
    }

    private Labels groupLabels(Group group, String label) {
      if (group == Group.ACCELERATOR) {
        String[] parts = label.split("\0", -1);
        return labels.with("make", parts[0]).with("model", parts[1]).with("accelerator", parts[2]);
      }
      return labels.with(group.label, label);
    }

    /** The series of a container of this pod. */
    Keys container(String name) {
      if (containers == null) {
        containers = new HashMap<>(4);
      }
      return capped(
          containers,
          name,
          n -> new Keys(Scope.CONTAINER, labels.with(SeriesNames.CONTAINER_LABEL, n)));
    }
  }

  /** The series of one group of figures of one owner, such as one volume's. */
  static final class GroupKeys {
    private final Scope scope;
    private final Group group;
    private final Labels labels;
    private final SeriesKey[] keys;

    private GroupKeys(Scope scope, Group group, Labels labels) {
      this.scope = scope;
      this.group = group;
      this.labels = labels;
      this.keys = new SeriesKey[group.size()];
    }

    SeriesKey key(int slot) {
      SeriesKey key = keys[slot];
      if (key == null) {
        key = new SeriesKey(group.metric(scope, slot), labels);
        keys[slot] = key;
      }
      return key;
    }
  }
}
