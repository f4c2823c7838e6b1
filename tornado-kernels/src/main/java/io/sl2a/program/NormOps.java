package io.sl2a.program;

import java.util.List;

/**
 * Normalisations: LayerNorm over each row, and BatchNorm over each channel of an image with its
 * running statistics. Its records are members of {@link Op}, which extends this interface: other
 * code names them {@code Op.LayerNormForward} and so on.
 */
public sealed interface NormOps permits Op {

    /** LayerNorm of each row with affine gamma/beta; saves per-row mean and rstd. */
    record LayerNormForward(String x, String gamma, String beta, String y, String mean, String rstd, int width,
            float eps)
            implements Op {
        public List<String> reads() {
            return List.of(x, gamma, beta);
        }

        public List<String> writes() {
            return List.of(y, mean, rstd);
        }
    }

    /** LayerNorm backward: the input gradient and the gamma/beta gradients (overwritten). */
    record LayerNormBackward(String dY, String x, String gamma, String mean, String rstd, String dX, String dGamma,
            String dBeta, int width) implements Op {
        public List<String> reads() {
            return List.of(dY, x, gamma, mean, rstd);
        }

        public List<String> writes() {
            return List.of(dX, dGamma, dBeta);
        }
    }

    /**
     * Batch normalisation of one CHW image in training mode, each channel over its {@code plane}
     * values: {@code y = act(gamma[c] (x - mean[c]) rstd[c] + beta[c] (+ residual))}, act ReLU when
     * {@code relu}, with {@code rstd = 1/sqrt(biased variance + eps)}; {@code mean} and {@code rstd}
     * (per channel) kept for the backward; {@code residual} may be null. One work-item per channel; fixed size.
     */
    record BatchNormForward(String x, String gamma, String beta, String residual, String y, String mean, String rstd,
            int channels, int plane, float eps, boolean relu) implements Op {
        public List<String> reads() {
            return residual == null ? List.of(x, gamma, beta) : List.of(x, gamma, beta, residual);
        }

        public List<String> writes() {
            return List.of(y, mean, rstd);
        }
    }

    /**
     * The backward of {@link BatchNormForward} from {@code dY}: {@code g = relu ? (y > 0 ? dY : 0) : dY};
     * {@code dGamma[c] = sum g xhat}, {@code dBeta[c] = sum g},
     * {@code dX = gamma rstd (g - mean(g) - xhat mean(g xhat))} (overwrites; xhat from x, mean, rstd),
     * and when {@code dResidual} is not null {@code dResidual (+)= g} ({@code accumulateResidual}).
     * One work-item per channel; dX and dY are distinct buffers; fixed size.
     */
    record BatchNormBackward(String dY, String y, String x, String gamma, String mean, String rstd, String dX,
            String dGamma, String dBeta, String dResidual, int channels, int plane, boolean relu,
            boolean accumulateResidual) implements Op {
        public List<String> reads() {
            return dResidual != null && accumulateResidual ? List.of(dY, y, x, gamma, mean, rstd, dResidual)
                    : List.of(dY, y, x, gamma, mean, rstd);
        }

        public List<String> writes() {
            return dResidual == null ? List.of(dX, dGamma, dBeta) : List.of(dX, dGamma, dBeta, dResidual);
        }
    }

    /**
     * nn.BatchNorm2d's running statistics after one training forward:
     * {@code runningMean = (1 - momentum) runningMean + momentum mean},
     * {@code runningVar = (1 - momentum) runningVar + momentum var plane/(plane - 1)}, var = 1/rstd^2 - eps
     * (the unbiased variance, as PyTorch); one work-item per channel; fixed size.
     */
    record BatchNormRunningStats(String mean, String rstd, String runningMean, String runningVar, int channels,
            int plane,
            float eps, float momentum) implements Op {
        public BatchNormRunningStats {
            if (plane < 2) {
                throw new IllegalArgumentException("the unbiased variance needs a plane of at least 2 values: " + plane);
            }
        }

        public List<String> reads() {
            return List.of(mean, rstd, runningMean, runningVar);
        }

        public List<String> writes() {
            return List.of(runningMean, runningVar);
        }
    }
}
