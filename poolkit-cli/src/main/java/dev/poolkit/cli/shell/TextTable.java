package dev.poolkit.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row, then rows, columns padded to their widest cell, two spaces
 * apart; columns marked numeric are right-aligned. No trailing spaces. Not thread-safe.
 */
final class TextTable {

    private final List<String> headers;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table; a header that starts with {@code >} marks a right-aligned column (the mark is
     * not printed).
     */
    TextTable(String... headers) {
        this.headers = new ArrayList<>();
        this.numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            numeric[i] = headers[i].startsWith(">");
            this.headers.add(numeric[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    /** Adds a row; it must have one cell per column. */
    TextTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "cells must be " + headers.size() + " (one per column), but were " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    /** Renders the table, one line per row, each ending in a newline. */
    String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        for (List<String> row : rows) {
            line(sb, row, width);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] width) {
        int start = sb.length();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(width[i] - cell.length());
            sb.append(numeric[i] ? pad + cell : cell + pad);
            if (i < cells.size() - 1) {
                sb.append("  ");
            }
        }
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }
}
