package dev.poolkit.balance.sim.report;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.sim.TrafficResult;
import dev.poolkit.balance.sim.TrialsResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Writes simulation results as CSV (RFC 4180, comma-separated, header first), for plotting.
 *
 * <p>Stateless and thread-safe; the writer passed in is not closed.
 */
public final class CsvWriter {
    private CsvWriter() {}

    /**
     * Writes the per-step curves of trials results: {@code scenario,strategy,step,mean_score,regret}.
     *
     * @param results the results
     * @param out the destination
     * @throws UncheckedIOException if writing fails
     * @throws NullPointerException if an argument is null
     */
    public static void trialsCurves(List<TrialsResult> results, Writer out) {
        requireNonNull(results, "results");
        requireNonNull(out, "out");
        try {
            out.write("scenario,strategy,step,mean_score,regret\n");
            for (TrialsResult r : results) {
                double[] score = r.meanScoreCurve();
                double[] regret = r.regretCurve();
                for (int i = 0; i < score.length; i++) {
                    out.write(String.format(
                            Locale.ROOT,
                            "%s,%s,%d,%.6f,%.6f%n",
                            quote(r.scenario()),
                            quote(r.strategy()),
                            i + 1,
                            score[i],
                            regret[i]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes per-host shares per second of traffic results: {@code
     * scenario,strategy,second,host,share}.
     *
     * @param results the results
     * @param out the destination
     * @throws UncheckedIOException if writing fails
     * @throws NullPointerException if an argument is null
     */
    public static void trafficShares(List<TrafficResult> results, Writer out) {
        requireNonNull(results, "results");
        requireNonNull(out, "out");
        try {
            out.write("scenario,strategy,second,host,share\n");
            for (TrafficResult r : results) {
                double[][] share = r.sharePerSecond();
                for (int s = 0; s < share[0].length; s++) {
                    for (int h = 0; h < share.length; h++) {
                        out.write(String.format(
                                Locale.ROOT,
                                "%s,%s,%d,%d,%.6f%n",
                                quote(r.scenario()),
                                quote(r.strategy()),
                                s,
                                h,
                                share[h][s]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Quotes a CSV field if it contains a comma, quote or line break.
     *
     * @param field the field
     * @return the field as it goes into the file
     */
    public static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
