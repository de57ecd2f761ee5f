package dev.poolkit.balance.sim.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Writes a CSV file (RFC 4180: comma-separated, header first, fields quoted where needed) row by
 * row, so that long curves need not be held as a table. Numbers are written with {@link
 * Locale#ROOT}: doubles with six decimals, others as {@link String#valueOf}.
 *
 * <p>Not thread-safe; the writer passed in is not closed.
 */
public final class CsvWriter {
    private final Writer out;
    private final int columns;

    /**
     * Starts a CSV file by writing its header.
     *
     * @param out the destination
     * @param header the column names, at least one
     * @throws IllegalArgumentException if {@code header} is empty
     * @throws UncheckedIOException if writing fails
     * @throws NullPointerException if an argument is null
     */
    public CsvWriter(Writer out, List<String> header) {
        this.out = requireNonNull(out, "out");
        if (header.isEmpty()) {
            throw new IllegalArgumentException("header must not be empty, but was []");
        }
        this.columns = header.size();
        write(List.copyOf(header));
    }

    /**
     * Writes one row.
     *
     * @param fields the fields, as many as the header has columns
     * @return this writer
     * @throws IllegalArgumentException if the number of fields differs from the header's
     * @throws UncheckedIOException if writing fails
     * @throws NullPointerException if {@code fields} or a field is null
     */
    public CsvWriter row(Object... fields) {
        if (fields.length != columns) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "fields must be %d, but was %d", columns, fields.length));
        }
        write(List.of(fields));
        return this;
    }

    private void write(List<?> fields) {
        try {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object field = requireNonNull(fields.get(i), "field");
                out.write(
                        field instanceof Double d
                                ? String.format(Locale.ROOT, "%.6f", d)
                                : quote(String.valueOf(field)));
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Quotes a CSV field if it contains a comma, quote or line break.
     *
     * @param field the field
     * @return the field as it goes into the file
     * @throws NullPointerException if {@code field} is null
     */
    public static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
