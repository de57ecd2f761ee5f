package dev.poolkit.balance.sim.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: as aligned columns, or as a Markdown table.
 *
 * <p>Not thread-safe; build it on one thread.
 */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table with the given column headers.
     *
     * @param header the headers, at least one
     * @throws NullPointerException if {@code header} is null
     */
    public TextTable(List<String> header) {
        this.header = List.copyOf(requireNonNull(header, "header"));
    }

    /**
     * Adds a row; missing cells are blank, extra cells are dropped.
     *
     * @param cells the cells
     * @return this table
     */
    public TextTable row(List<String> cells) {
        List<String> row = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            row.add(i < cells.size() ? cells.get(i) : "");
        }
        rows.add(row);
        return this;
    }

    /**
     * Renders aligned columns separated by two spaces.
     *
     * @return the table, one line per row, header first
     */
    public String toText() {
        int[] width = widths();
        StringBuilder out = new StringBuilder();
        appendAligned(out, header, width);
        for (List<String> row : rows) {
            appendAligned(out, row, width);
        }
        return out.toString();
    }

    /**
     * Renders a Markdown (GitHub) table.
     *
     * @return the table
     */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            out.append(i == 0 ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private int[] widths() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        return width;
    }

    private static void appendAligned(StringBuilder out, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (i > 0) {
                out.append("  ").append(" ".repeat(width[i] - cell.length())).append(cell);
            } else {
                out.append(cell).append(" ".repeat(width[i] - cell.length()));
            }
        }
        out.append('\n');
    }
}
