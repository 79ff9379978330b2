package io.drover.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows under a header, printed in aligned columns; a null cell prints as {@code -}. */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells under " + header.size() + " columns");
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : oneLine(c.toString())).toList());
    return this;
  }

  int size() {
    return rows.size();
  }

  void print(PrintStream out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(format(header, widths));
    for (List<String> row : rows) {
      out.println(format(row, widths));
    }
  }

  private static String format(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      b.append(cell);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    return b.toString();
  }

  private static String oneLine(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }
}
