package io.tidemark.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Directory sizes and removal. A size is the sum of the apparent sizes of the regular files below
 * the directory ({@code du -sb}, not the blocks allocated): what the systems wrote, comparable
 * across file systems.
 */
final class Dirs {

  private Dirs() {}

  /** Bytes of every regular file below {@code dir}; 0 if it does not exist. */
  static long size(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(Dirs::sizeOrZero).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + dir, e);
    }
  }

  /** The size of each entry directly under {@code dir}, by name: where the bytes are. */
  static Map<String, Long> sizeByEntry(Path dir) {
    Map<String, Long> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        out.put(
            entry.getFileName().toString(),
            Files.isDirectory(entry) ? size(entry) : sizeOrZero(entry));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  /** Deletes {@code dir} and everything under it; nothing if it does not exist. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0; // removed while walking (a compaction, a WAL segment)
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file, e);
    }
  }
}
