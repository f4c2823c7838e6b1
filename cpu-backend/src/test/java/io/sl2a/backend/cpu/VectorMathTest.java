package io.sl2a.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath} against the double-precision functions, over the arguments the networks
 * produce (sines up to |x| = 10^4, as FINER's first layer can reach; the exponential over its
 * whole range), and the same bits however often it has run (interpreted, then compiled).
 */
class VectorMathTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    private static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += LANES) {
            f.apply(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(y, i);
        }
        return y;
    }

    private static float[] arguments(double range, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[count / LANES * LANES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((random.nextDouble() * 2 - 1) * range);
        }
        return x;
    }

    /** Largest error in units of {@code Math.ulp} of the exact value (absolute below {@code floor}). */
    private static double worstUlps(UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, float[] x, double floor) {
        float[] y = apply(f, x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(x[i]);
            double ulp = Math.max(Math.ulp((float) e), floor);
            worst = Math.max(worst, Math.abs(y[i] - e) / ulp);
        }
        return worst;
    }

    @Test
    void sineAndCosineAreWithinAFewUlpsUpToTenThousand() {
        for (double range : new double[] {Math.PI, 100, 1e4}) {
            float[] x = arguments(range, 1 << 16, 7);
            // Near a zero of the function the relative error of any float evaluation grows; bound it
            // by the ulp of values near 1 scaled to the argument's reduction (range * 2^-24).
            double floor = Math.ulp(1.0f) * Math.max(1, range / 1000);
            double sin = worstUlps(VectorMath::sin, Math::sin, x, floor);
            double cos = worstUlps(VectorMath::cos, Math::cos, x, floor);
            assertTrue(sin <= 4 && cos <= 4, "range " + range + ": sin " + sin + " ulp, cos " + cos + " ulp");
        }
    }

    @Test
    void theExponentialIsWithinAFewUlpsOverItsRange() {
        float[] x = arguments(87, 1 << 16, 11);
        double worst = worstUlps(VectorMath::exp, Math::exp, x, Float.MIN_NORMAL);
        assertTrue(worst <= 4, "exp " + worst + " ulp");
    }

    @Test
    void theBitsAreTheSameOnEveryPass() {
        float[] x = arguments(300, 1 << 12, 3);
        float[] sin = apply(VectorMath::sin, x);
        float[] exp = apply(v -> VectorMath.exp(v.neg().abs()), x);
        for (int pass = 0; pass < 2000; pass++) {
            assertTrue(java.util.Arrays.equals(sin, apply(VectorMath::sin, x)), "sin, pass " + pass);
            assertTrue(java.util.Arrays.equals(exp, apply(v -> VectorMath.exp(v.neg().abs()), x)), "exp, pass " + pass);
        }
    }
}
