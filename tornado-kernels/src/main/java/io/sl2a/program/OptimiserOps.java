package io.sl2a.program;

import java.util.List;

/**
 * The optimiser: Adam's update of a parameter buffer. Its records are members of {@link Op}, which
 * extends this interface: other code names them {@code Op.AdamUpdate} and so on.
 */
public sealed interface OptimiserOps permits Op {

    /**
     * One Adam update of a parameter buffer of fixed size, step scalars from {@link StepScalars};
     * the complements {@code 1 - beta} are computed in double by whoever builds the op.
     */
    record AdamUpdate(String param, String grad, String m, String v, float beta1, float oneMinusBeta1, float beta2,
            float oneMinusBeta2, float eps) implements Op {
        public static AdamUpdate of(String param, String grad, String m, String v, double beta1, double beta2,
                double eps) {
            return new AdamUpdate(param, grad, m, v, (float) beta1, (float) (1.0 - beta1), (float) beta2,
                    (float) (1.0 - beta2), (float) eps);
        }

        public List<String> reads() {
            return List.of(param, grad, m, v);
        }

        public List<String> writes() {
            return List.of(param, m, v);
        }
    }
}
