package io.tidemark.collector.summary;

import io.tidemark.collector.summary.Names.Group;
import io.tidemark.storage.Labels;
import io.tidemark.storage.SeriesKey;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

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
    this.labels = Labels.builder(1).put("node", node).build();
    this.node = new Keys("node", labels);
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
    Keys keys = systemContainers.get(name);
    if (keys == null) {
      if (systemContainers.size() >= MAX_PER_GROUP) {
        systemContainers.clear();
      }
      keys = new Keys("node_system_container", labels.with("system_container", name));
      systemContainers.put(name, keys);
    }
    return keys;
  }

  Keys pod(String namespace, String name) {
    String id = namespace + '/' + name; // a namespace has no '/'
    Keys keys = pods.get(id);
    if (keys == null) {
      keys = previousPods.remove(id);
      if (keys == null) {
        keys =
            new Keys(
                "pod",
                Labels.builder(3)
                    .put("node", labels.get("node"))
                    .put("namespace", namespace)
                    .put("pod", name)
                    .build());
      }
      pods.put(id, keys);
    }
    return keys;
  }

  /** The series of one node, system container, pod or container. */
  static final class Keys {
    private final String scope;
    private final Labels labels;
    private final SeriesKey[] unlabelled = new SeriesKey[Names.UNLABELLED_SLOTS];
    private Map<Group, Map<String, GroupKeys>> labelled;
    private Map<String, Keys> containers;

    private Keys(String scope, Labels labels) {
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
      GroupKeys keys = byLabel.get(label);
      if (keys == null) {
        if (byLabel.size() >= MAX_PER_GROUP) {
          byLabel.clear();
        }
        keys = new GroupKeys(scope, group, groupLabels(group, label));
        byLabel.put(label, keys);
      }
      return keys;
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
      Keys keys = containers.get(name);
      if (keys == null) {
        if (containers.size() >= MAX_PER_GROUP) {
          containers.clear();
        }
        keys = new Keys("container", labels.with("container", name));
        containers.put(name, keys);
      }
      return keys;
    }
  }

  /** The series of one group of figures of one owner, such as one volume's. */
  static final class GroupKeys {
    private final String scope;
    private final Group group;
    private final Labels labels;
    private final SeriesKey[] keys;

    private GroupKeys(String scope, Group group, Labels labels) {
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
