package io.sl2a.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sine, cosine and exponential over vectors of floats, from additions, multiplications and fused
 * multiply-adds only. The Vector API's own SIN, COS and EXP are not used: the JIT replaces them by
 * vendor routines whose bits differ from the interpreter's per-lane fallback, so a training run's
 * result would depend on when the JIT compiled its loops. These operations are exact IEEE
 * operations in both, so the bits are the same in every run. Written here because no library on
 * Maven Central offers vectorised float transcendentals over the Vector API.
 *
 * <p>Both follow Cephes' single-precision routines (sinf/cosf, expf): the argument reduced by a
 * split constant ({@code pi/2} in three parts, {@code ln 2} in two) with fused multiply-adds, then
 * a minimax polynomial on the reduced interval; about 1 to 2 ulp from the correctly rounded value
 * for the arguments the networks here produce (|x| up to about 10^4 for the sines, exact reduction
 * while the quadrant fits 16 bits).
 */
final class VectorMath {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());

    private static final float TWO_OVER_PI = 0.636619772367581343f;
    /** pi/2 = P1 + P2 + P3, P1 with few enough bits that q * P1 is exact for |q| < 2^16. */
    private static final float P1 = 1.5703125f;
    private static final float P2 = 4.837512969970703125e-4f;
    private static final float P3 = 7.54978995489188216e-8f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUNDER = 12582912.0f;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float EXP_MAX = 88.0f;
    private static final float EXP_MIN = -87.0f;

    private VectorMath() {
    }

    private static FloatVector k(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    static FloatVector sin(FloatVector x) {
        return sinOrCos(x, 0);
    }

    static FloatVector cos(FloatVector x) {
        return sinOrCos(x, 1);
    }

    /** sin(x) when {@code shift} is 0, cos(x) = sin(x + pi/2) when it is 1. */
    private static FloatVector sinOrCos(FloatVector x, int shift) {
        FloatVector q = x.mul(TWO_OVER_PI).add(ROUNDER).sub(ROUNDER);
        FloatVector r = q.neg().fma(k(P1), x);
        r = q.neg().fma(k(P2), r);
        r = q.neg().fma(k(P3), r);
        FloatVector z = r.mul(r);
        FloatVector s = z.fma(-1.9515295891e-4f, 8.3321608736e-3f).fma(z, k(-1.6666654611e-1f)).mul(z).fma(r, r);
        FloatVector c = z.fma(2.443315711809948e-5f, -1.388731625493765e-3f).fma(z, k(4.166664568298827e-2f)).mul(z)
                .mul(z).add(z.fma(-0.5f, 1.0f));
        IntVector quadrant = ((IntVector) q.convert(VectorOperators.F2I, 0)).add(shift);
        VectorMask<Float> odd = quadrant.and(1).compare(VectorOperators.EQ, 1).cast(SPECIES);
        VectorMask<Float> negative = quadrant.and(2).compare(VectorOperators.EQ, 2).cast(SPECIES);
        FloatVector picked = s.blend(c, odd);
        return picked.blend(picked.neg(), negative);
    }

    /** e^x; below -87 the result is e^-87 rather than a subnormal (a difference far below any tolerance here). */
    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector n = clamped.mul(LOG2E).add(ROUNDER).sub(ROUNDER);
        FloatVector r = n.neg().fma(k(LN2_HIGH), clamped);
        r = n.neg().fma(k(LN2_LOW), r);
        FloatVector z = r.mul(r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, k(8.3334519073e-3f)).fma(r,
                k(4.1665795894e-2f))
                .fma(r, k(1.6666665459e-1f)).fma(r, k(5.0000001201e-1f)).fma(z, r).add(1.0f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }
}
