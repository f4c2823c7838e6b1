package io.sl2a.reproduce;

import java.util.Locale;
import java.util.Map;

/** The kinds of claim the experiments test, with the rule that judges each. */
public final class Claims {
    /** An absolute figure within this many dB of the paper's counts as reproduced. */
    static final double PSNR_TOLERANCE_DB = 0.5;
    /** A parameter count within this share of the paper's counts as the same model. */
    static final double PARAMS_TOLERANCE = 0.02;

    private Claims() {
    }

    /**
     * "{@code winner} scores highest of all": holds when ours does (higher is better).
     *
     * @param ours our score per model (models that did not finish are left out)
     * @param paper the paper's score per model
     */
    public static Claim best(String statement, String source, String winner, Map<String, Double> paper,
            Map<String, Double> ours, String unit, String scaleNote) {
        String paperRunnerUp = runnerUp(paper, winner);
        String oursBest = argmax(ours);
        String oursRunnerUp = runnerUp(ours, winner);
        if (!ours.containsKey(winner) || oursRunnerUp == null) {
            return new Claim(statement, source, describe(paper, winner, paperRunnerUp, unit), "not measured", "",
                    Verdict.NOT_COMPARABLE, "a model did not finish; " + scaleNote);
        }
        double oursMargin = ours.get(winner) - ours.get(oursRunnerUp);
        double paperMargin = paper.get(winner) - paper.get(paperRunnerUp);
        boolean holds = winner.equals(oursBest);
        return new Claim(statement, source, describe(paper, winner, paperRunnerUp, unit),
                describe(ours, winner, oursRunnerUp, unit),
                String.format(Locale.ROOT, "margin %+.3g %s vs %+.3g", oursMargin, unit, paperMargin),
                Verdict.of(holds), (holds ? winner + " is first" : oursBest + " is first, not " + winner) + "; "
                        + scaleNote);
    }

    /** "ours is about {@code paper}": judged only where measured on the paper's data at its protocol. */
    public static Claim absolute(String statement, String source, double paper, double ours, double tolerance,
            String unit, boolean comparable, String scaleNote) {
        String difference = Double.isNaN(ours) ? "" : String.format(Locale.ROOT, "%+.3g %s", ours - paper, unit);
        if (!comparable || Double.isNaN(ours)) {
            return new Claim(statement, source, format(paper, unit), format(ours, unit), difference,
                    Verdict.NOT_COMPARABLE, Double.isNaN(ours) ? "not measured" : "other data or scale: " + scaleNote);
        }
        boolean holds = ours >= paper - tolerance;
        return new Claim(statement, source, format(paper, unit), format(ours, unit), difference, Verdict.of(holds),
                String.format(Locale.ROOT, "%s counts if ours is at least the paper's less %.3g %s; %s",
                        holds ? "within tolerance:" : "below tolerance:", tolerance, unit, scaleNote));
    }

    /** A parameter count: the architecture's, comparable at any scale. */
    public static Claim params(String model, String source, double paperThousands, long ours) {
        return params(model, source, paperThousands, ours, "");
    }

    /**
     * A parameter count counted as the paper counts it ({@code ours}), with {@code how} saying how
     * that differs from the project's own count where it does.
     */
    public static Claim params(String model, String source, double paperThousands, double ours, String how) {
        double share = Math.abs(ours / 1000.0 - paperThousands) / paperThousands;
        return new Claim(model + " has " + format(paperThousands, "K") + " parameters", source,
                format(paperThousands, "K"), format(ours / 1000.0, "K"),
                String.format(Locale.ROOT, "%+.1f%%", 100 * (ours / 1000.0 - paperThousands) / paperThousands),
                Verdict.of(share <= PARAMS_TOLERANCE), String.format(Locale.ROOT,
                        "the same architecture counts within %.0f%%; any scale%s", 100 * PARAMS_TOLERANCE,
                        how.isEmpty() ? "" : "; " + how));
    }

    /** "a exceeds b": a difference whose sign the paper states, judged at any scale. */
    public static Claim exceeds(String statement, String source, double paperDifference, double oursDifference,
            String unit, String scaleNote) {
        return new Claim(statement, source, format(paperDifference, unit), format(oursDifference, unit),
                Double.isNaN(oursDifference) ? "" : String.format(Locale.ROOT, "%+.3g %s", oursDifference - paperDifference,
                        unit),
                Double.isNaN(oursDifference) ? Verdict.NOT_COMPARABLE : Verdict.of(oursDifference > 0),
                (Double.isNaN(oursDifference) ? "not measured; " : "the sign is the claim; ") + scaleNote);
    }

    static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String number = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.1f", value)
                : Math.abs(value) >= 1 ? String.format(Locale.ROOT, "%.2f", value)
                : String.format(Locale.ROOT, "%.4f", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    private static String describe(Map<String, Double> scores, String winner, String runnerUp, String unit) {
        return String.format(Locale.ROOT, "%s %s, %s %s", winner, format(scores.getOrDefault(winner, Double.NaN), unit),
                runnerUp, format(scores.getOrDefault(runnerUp, Double.NaN), unit));
    }

    static String argmax(Map<String, Double> scores) {
        return scores.entrySet().stream().filter(e -> !Double.isNaN(e.getValue()))
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** The best of the others. */
    static String runnerUp(Map<String, Double> scores, String winner) {
        return scores.entrySet().stream().filter(e -> !e.getKey().equals(winner) && !Double.isNaN(e.getValue()))
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}
