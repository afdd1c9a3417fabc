package dev.tributary.benchmarks.report;

import java.util.List;

/** The Markdown being written: headings, table rows, contestant labels. Not thread-safe. */
final class Markdown {
  private final StringBuilder md = new StringBuilder();

  Markdown text(String text) {
    md.append(text);
    return this;
  }

  void heading(String title) {
    md.append("\n**").append(title).append("**\n\n");
  }

  void row(String... cells) {
    md.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  void row(List<String> cells) {
    row(cells.toArray(String[]::new));
  }

  /** A contestant's name and what it is. */
  static String label(String contestant) {
    String what = Contestants.KNOWN.get(contestant);
    return what == null ? "`" + contestant + "`" : "`" + contestant + "` — " + what;
  }

  @Override
  public String toString() {
    return md.toString();
  }
}
