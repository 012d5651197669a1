package io.tidemark.collector.summary;

import static io.tidemark.collector.summary.Owner.NO_TIME;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.collector.scrape.SampleSink;
import io.tidemark.collector.summary.Names.Group;
import io.tidemark.collector.summary.Names.Scope;
import io.tidemark.collector.summary.NodeSeries.GroupKeys;
import io.tidemark.collector.summary.NodeSeries.Keys;
import io.tidemark.storage.SeriesKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One parse of a {@code /stats/summary} payload: walks the tokens, collects each owner's figures
 * and sends them to the sink once the owner's name is known. {@link SummaryParser} has the rules.
 */
final class SummaryReader {

  private final JsonParser parser;
  private final NodeSeries series;
  private final SampleSink sink;
  private final List<Owner> children = new ArrayList<>();

  /** Owners reused from one pod (or the node) to the next: a pod and its containers at most. */
  private final List<Owner> owners = new ArrayList<>();

  private int ownersInUse;
  private final double[] psi = new double[2];
  private char[] lastTime = new char[32];
  private int lastTimeLength = -1;
  private long lastTimeMillis;

  /** The name {@link #fs} found in a volume. */
  private String volumeName;

  int count;

  SummaryReader(JsonParser parser, NodeSeries series, SampleSink sink) {
    this.parser = parser;
    this.series = series;
    this.sink = sink;
  }

  void root() throws IOException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw shapeError(
          "expected a JSON object at the top level, found " + (first == null ? "nothing" : first));
    }
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (field.equals("node") && value == JsonToken.START_OBJECT) {
        nodeObject();
      } else if (field.equals("pods") && value == JsonToken.START_ARRAY) {
        while (nextElement()) {
          pod();
        }
      } else {
        parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw shapeError("unexpected content after the top-level object");
    }
  }

  // ---- owners -----------------------------------------------------------------------------

  private void nodeObject() throws IOException {
    ownersInUse = 0;
    Owner owner = owner(Scope.NODE);
    children.clear();
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_ARRAY && field.equals("systemContainers")) {
        while (nextElement()) {
          Owner system = owner(Scope.SYSTEM_CONTAINER);
          containerFields(system);
          children.add(system);
        }
      } else if (value == JsonToken.START_OBJECT) {
        switch (field) {
          case "fs" -> fs(owner, Group.NODE_FS, "root");
          case "runtime" -> runtime(owner);
          case "rlimit" -> rlimit(owner);
          default -> {
            if (!commonStats(owner, field)) {
              parser.skipChildren();
            }
          }
        }
      } else if (field.equals("startTime") && value == JsonToken.VALUE_STRING) {
        owner.add(Names.START_TIME, time() / 1000.0);
      } else {
        parser.skipChildren();
      }
    }
    emit(owner, series.node());
    for (Owner system : children) {
      if (system.name != null) {
        emit(system, series.systemContainer(system.name));
      }
    }
  }

  private void pod() throws IOException {
    ownersInUse = 0;
    Owner owner = owner(Scope.POD);
    children.clear();
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT) {
        switch (field) {
          case "podRef" -> podRef(owner);
          case "ephemeral-storage" -> fs(owner, Group.EPHEMERAL_STORAGE, null);
          case "process_stats" -> numbers(owner, Names.PROCESS_STATS);
          default -> {
            if (!commonStats(owner, field)) {
              parser.skipChildren();
            }
          }
        }
      } else if (value == JsonToken.START_ARRAY && field.equals("containers")) {
        while (nextElement()) {
          Owner container = owner(Scope.CONTAINER);
          containerFields(container);
          children.add(container);
        }
      } else if (value == JsonToken.START_ARRAY && field.equals("volume")) {
        while (nextElement()) {
          volume(owner);
        }
      } else if (field.equals("startTime") && value == JsonToken.VALUE_STRING) {
        owner.add(Names.START_TIME, time() / 1000.0);
      } else {
        parser.skipChildren();
      }
    }
    if (owner.name == null || owner.namespace == null) {
      return; // a pod without a reference cannot be labelled; nothing of it is stored
    }
    Keys pod = series.pod(owner.namespace, owner.name);
    emit(owner, pod);
    for (Owner container : children) {
      if (container.name != null) {
        emit(container, pod.container(container.name));
      }
    }
  }

  private void podRef(Owner owner) throws IOException {
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (field.equals("name")) {
        owner.name = stringValue(value);
      } else if (field.equals("namespace")) {
        owner.namespace = stringValue(value);
      } else {
        parser.skipChildren();
      }
    }
  }

  /** The fields of a container or a system container. */
  private void containerFields(Owner owner) throws IOException {
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (field.equals("name") && value == JsonToken.VALUE_STRING) {
        owner.name = parser.getText();
      } else if (field.equals("startTime") && value == JsonToken.VALUE_STRING) {
        owner.add(Names.START_TIME, time() / 1000.0);
      } else if (value == JsonToken.START_OBJECT && field.equals("rootfs")) {
        // cAdvisor's names for containers; a system container's keeps the plain ones
        fs(owner, owner.scope == Scope.CONTAINER ? Group.CONTAINER_ROOTFS : Group.ROOTFS, null);
      } else if (value == JsonToken.START_OBJECT && field.equals("logs")) {
        fs(owner, Group.LOGS, null);
      } else if (value == JsonToken.START_ARRAY && field.equals("accelerators")) {
        while (nextElement()) {
          accelerator(owner);
        }
      } else if (value != JsonToken.START_OBJECT || !commonStats(owner, field)) {
        parser.skipChildren();
      }
    }
  }

  /** cpu, memory, io, network and swap, which every owner may have; false for other fields. */
  private boolean commonStats(Owner owner, String field) throws IOException {
    switch (field) {
      case "cpu" -> owner.cpuTime = numbers(owner, Names.CPU);
      case "memory" -> owner.memoryTime = numbers(owner, Names.MEMORY);
      case "io" -> numbers(owner, Names.IO);
      case "swap" -> numbers(owner, Names.SWAP);
      case "network" -> network(owner);
      default -> {
        return false;
      }
    }
    return true;
  }

  private Owner owner(Scope scope) {
    if (ownersInUse == owners.size()) {
      owners.add(new Owner());
    }
    Owner owner = owners.get(ownersInUse++);
    owner.reset(scope);
    return owner;
  }

  // ---- stats objects ----------------------------------------------------------------------

  /**
   * Reads a flat stats object ({@code cpu}, {@code memory}, {@code io}, {@code swap}, {@code
   * process_stats}) with its {@code psi}; returns its time.
   */
  private long numbers(Owner owner, int kind) throws IOException {
    long time = NO_TIME;
    int first = owner.size;
    boolean pressure = false;
    double waiting = Double.NaN;
    double stalled = Double.NaN;
    // cpu figures are nanoseconds and nano-cores: seconds and cores are stored
    double divisor = kind == Names.CPU ? 1e9 : 1;
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
        int slot = Names.flat(kind, field);
        if (slot >= 0) {
          owner.add(slot, parser.getDoubleValue() / divisor);
        }
      } else if (field.equals("time") && value == JsonToken.VALUE_STRING) {
        time = time();
      } else if (field.equals("psi") && value == JsonToken.START_OBJECT) {
        psi();
        pressure = true;
        waiting = psi[0];
        stalled = psi[1];
      } else {
        parser.skipChildren();
      }
    }
    if (pressure) {
      // Totals are microseconds stalled. The avg10/60/300 fields are the kernel's moving
      // averages of those totals: rate() over the stored total gives them, so they are not
      // stored (they would triple the pressure series of every pod and container).
      int slot = Names.PRESSURE + 2 * (kind == Names.CPU ? 0 : kind == Names.MEMORY ? 1 : 2);
      if (!Double.isNaN(waiting)) {
        owner.add(slot, waiting / 1e6);
      }
      if (!Double.isNaN(stalled)) {
        owner.add(slot + 1, stalled / 1e6);
      }
    }
    if (kind != Names.PROCESS_STATS) {
      owner.stamp(first, time); // process_stats carries no time: its owner's is used
    }
    return time;
  }

  /**
   * {@code psi}: the {@code total} of {@code some} (waiting) and of {@code full} (stalled) into
   * {@link #psi}, NaN where absent.
   */
  private void psi() throws IOException {
    psi[0] = Double.NaN;
    psi[1] = Double.NaN;
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      boolean some = field.equals("some");
      if (value == JsonToken.START_OBJECT && (some || field.equals("full"))) {
        double total = Double.NaN;
        for (String name = nextField(); name != null; name = nextField()) {
          JsonToken number = parser.nextToken();
          if (number.isNumeric() && name.equals("total")) {
            total = parser.getDoubleValue();
          } else {
            parser.skipChildren();
          }
        }
        psi[some ? 0 : 1] = total;
      } else {
        parser.skipChildren();
      }
    }
  }

  /** {@code network}: the interfaces, or the default one where no list is given. */
  private void network(Owner owner) throws IOException {
    long time = NO_TIME;
    int first = owner.size;
    String defaultName = null;
    int defaultsFirst = -1;
    boolean listed = false;
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (field.equals("time") && value == JsonToken.VALUE_STRING) {
        time = time();
      } else if (field.equals("name") && value == JsonToken.VALUE_STRING) {
        defaultName = parser.getText();
      } else if (field.equals("interfaces") && value == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (parser.currentToken() == JsonToken.START_OBJECT) {
            listed = true;
            networkInterface(owner);
          } else if (parser.currentToken() == null) {
            throw shapeError("unexpected end of input");
          } else {
            parser.skipChildren();
          }
        }
      } else {
        int slot = interfaceSlot(field, value);
        if (slot >= 0) {
          // the default interface's figures, labelled once its name is known
          if (defaultsFirst < 0) {
            defaultsFirst = owner.size;
          }
          owner.add(Group.NETWORK, null, slot, parser.getDoubleValue(), NO_TIME);
        }
      }
    }
    if (defaultsFirst >= 0) {
      dropOrLabelDefaults(owner, defaultsFirst, listed ? null : defaultName);
    }
    owner.stamp(first, time);
  }

  /** One element of {@code interfaces}. */
  private void networkInterface(Owner owner) throws IOException {
    int first = owner.size;
    String name = null;
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (field.equals("name") && value == JsonToken.VALUE_STRING) {
        name = parser.getText();
      } else {
        int slot = interfaceSlot(field, value);
        if (slot >= 0) {
          owner.add(Group.NETWORK, null, slot, parser.getDoubleValue(), NO_TIME);
        }
      }
    }
    dropOrLabelDefaults(owner, first, name);
  }

  /**
   * Labels the interface figures from {@code first} with {@code name}, keeping the figures that
   * follow them; drops them without a name. One value per slot: the last one given wins.
   */
  private static void dropOrLabelDefaults(Owner owner, int first, String name) {
    int write = first;
    for (int read = first; read < owner.size; read++) {
      boolean interfaceFigure = owner.groups[read] == Group.NETWORK && owner.labels[read] == null;
      if (interfaceFigure && name == null) {
        continue;
      }
      if (interfaceFigure) {
        owner.labels[read] = name;
      }
      if (write != read) {
        owner.groups[write] = owner.groups[read];
        owner.labels[write] = owner.labels[read];
        owner.slots[write] = owner.slots[read];
        owner.values[write] = owner.values[read];
        owner.times[write] = owner.times[read];
      }
      write++;
    }
    owner.size = write;
  }

  /** The slot of an interface figure, or -1 (after skipping the value) for another field. */
  private int interfaceSlot(String field, JsonToken value) throws IOException {
    int slot =
        switch (field) {
          case "rxBytes" -> 0;
          case "rxErrors" -> 1;
          case "txBytes" -> 2;
          case "txErrors" -> 3;
          default -> -1;
        };
    if (slot >= 0 && value.isNumeric()) {
      return slot;
    }
    parser.skipChildren();
    return -1;
  }

  /** A file-system object: bytes and inodes in {@code group}, for {@code label} if it has one. */
  private void fs(Owner owner, Group group, String label) throws IOException {
    long time = NO_TIME;
    int first = owner.size;
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
        int slot = Names.fs(field);
        if (slot >= 0) {
          owner.add(group, label, slot, parser.getDoubleValue(), NO_TIME);
        }
      } else if (field.equals("time") && value == JsonToken.VALUE_STRING) {
        time = time();
      } else if (group == Group.VOLUME && field.equals("name") && value == JsonToken.VALUE_STRING) {
        volumeName = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    owner.stamp(first, time);
  }

  private void runtime(Owner owner) throws IOException {
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT && field.equals("imageFs")) {
        fs(owner, Group.NODE_FS, "image");
      } else if (value == JsonToken.START_OBJECT && field.equals("containerFs")) {
        fs(owner, Group.NODE_FS, "container");
      } else {
        parser.skipChildren();
      }
    }
  }

  private void rlimit(Owner owner) throws IOException {
    long time = NO_TIME;
    int first = owner.size;
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (field.equals("time") && value == JsonToken.VALUE_STRING) {
        time = time();
      } else if (field.equals("maxpid") && value.isNumeric()) {
        owner.add(Names.RLIMIT_MAX_PIDS, parser.getDoubleValue());
      } else if (field.equals("curproc") && value.isNumeric()) {
        owner.add(Names.PROCESSES, parser.getDoubleValue());
      } else {
        parser.skipChildren();
      }
    }
    owner.stamp(first, time);
  }

  /** An element of a pod's {@code volume}: a file-system object with a name. */
  private void volume(Owner owner) throws IOException {
    int first = owner.size;
    long newest = owner.newestTime;
    volumeName = null;
    fs(owner, Group.VOLUME, null);
    if (volumeName == null) {
      owner.size = first; // an unnamed volume cannot be labelled
      owner.newestTime = newest;
      return;
    }
    for (int i = first; i < owner.size; i++) {
      owner.labels[i] = volumeName;
    }
  }

  private void accelerator(Owner owner) throws IOException {
    String make = "";
    String model = "";
    String id = "";
    int first = owner.size;
    for (String field = nextField(); field != null; field = nextField()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        switch (field) {
          case "make" -> make = parser.getText();
          case "model" -> model = parser.getText();
          case "id" -> id = parser.getText();
          default -> {}
        }
      } else if (value.isNumeric()) {
        int slot =
            switch (field) {
              case "memoryTotal" -> 0;
              case "memoryUsed" -> 1;
              case "dutyCycle" -> 2;
              default -> -1;
            };
        if (slot >= 0) {
          owner.add(Group.ACCELERATOR, null, slot, parser.getDoubleValue(), NO_TIME);
        }
      } else {
        parser.skipChildren();
      }
    }
    String label = Names.accelerator(make, model, id);
    for (int i = first; i < owner.size; i++) {
      owner.labels[i] = label;
    }
  }

  /** Sends the figures of {@code owner}, named from {@code keys}. */
  private void emit(Owner owner, Keys keys) {
    long fallback = owner.fallbackTime();
    // Figures of one group and label come together: their keys are looked up once.
    Group lastGroup = null;
    String lastLabel = null;
    GroupKeys lastKeys = null;
    for (int i = 0; i < owner.size; i++) {
      long time = owner.times[i] != NO_TIME ? owner.times[i] : fallback;
      if (time == NO_TIME) {
        continue;
      }
      Group group = owner.groups[i];
      SeriesKey key;
      if (!group.labelled()) {
        key = keys.unlabelled(group, owner.slots[i]);
      } else {
        String label = owner.labels[i];
        if (group != lastGroup || !label.equals(lastLabel)) {
          lastKeys = keys.labelled(group, label);
          lastGroup = group;
          lastLabel = label;
        }
        key = lastKeys.key(owner.slots[i]);
      }
      sink.accept(key, time, owner.values[i]);
      count++;
    }
  }

  // ---- tokens -----------------------------------------------------------------------------

  /**
   * Advances to the next object of the current array, skipping other elements; false at its end.
   */
  private boolean nextElement() throws IOException {
    while (true) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_OBJECT) {
        return true;
      }
      if (token == JsonToken.END_ARRAY) {
        return false;
      }
      if (token == null) {
        throw shapeError("unexpected end of input");
      }
      parser.skipChildren();
    }
  }

  /** Advances to the next field of the current object: its name, or null at the object's end. */
  private String nextField() throws IOException {
    String name = parser.nextFieldName();
    if (name != null) {
      return name;
    }
    JsonToken token = parser.currentToken();
    if (token == JsonToken.END_OBJECT) {
      return null;
    }
    if (token == null) {
      throw shapeError("unexpected end of input");
    }
    throw shapeError("expected a field name, found " + token);
  }

  private long time() throws IOException {
    char[] chars = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    // The objects of one container, and often of a whole node, share their stats time.
    if (length == lastTimeLength
        && Arrays.equals(chars, offset, offset + length, lastTime, 0, length)) {
      return lastTimeMillis;
    }
    try {
      long millis = Rfc3339.parseMillis(chars, offset, length);
      if (length > lastTime.length) {
        lastTime = new char[length];
      }
      System.arraycopy(chars, offset, lastTime, 0, length);
      lastTimeLength = length;
      lastTimeMillis = millis;
      return millis;
    } catch (IllegalArgumentException e) {
      throw shapeError(e.getMessage());
    }
  }

  private String stringValue(JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  JsonProcessingException shapeError(String message) {
    return new JsonParseException(parser, message);
  }
}
