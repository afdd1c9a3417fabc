package dev.tributary.internal.json;

/**
 * The field names written into one JSON object so far, so that no name is written twice. Reused
 * for every event of one thread: {@link #clear()} is O(1) (a generation count marks the live
 * slots) and adding allocates nothing once the table has grown to the largest event seen.
 * Open addressing over String identity first, then equality. Not thread-safe.
 */
final class NameSet {
  /** Made on the first add: most events of most services carry no field that needs it. */
  private String[] names;
  private int[] generations;
  private int generation = 1;
  private int size;

  /** Forgets every name. */
  void clear() {
    size = 0;
    if (++generation == 0) { // wrapped: old marks could look live again
      if (generations != null) {
        java.util.Arrays.fill(generations, 0);
      }
      generation = 1;
    }
  }

  /** Slots held; grows with the largest object written. */
  int capacity() {
    return names == null ? 0 : names.length;
  }

  /** Adds {@code name}; false if it was there already. */
  boolean add(String name) {
    if (names == null) {
      names = new String[16];
      generations = new int[16];
    } else if (2 * (size + 1) > names.length) {
      grow();
    }
    int mask = names.length - 1;
    for (int i = spread(name.hashCode()) & mask; ; i = (i + 1) & mask) {
      if (generations[i] != generation) {
        names[i] = name;
        generations[i] = generation;
        size++;
        return true;
      }
      String n = names[i];
      if (n == name || n.equals(name)) {
        return false;
      }
    }
  }

  private void grow() {
    String[] oldNames = names;
    int[] oldGenerations = generations;
    names = new String[oldNames.length * 2];
    generations = new int[oldNames.length * 2];
    int mask = names.length - 1;
    for (int j = 0; j < oldNames.length; j++) {
      if (oldGenerations[j] == generation) {
        int i = spread(oldNames[j].hashCode()) & mask;
        while (generations[i] == generation) {
          i = (i + 1) & mask;
        }
        names[i] = oldNames[j];
        generations[i] = generation;
      }
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
