package io.sharpstep.weights;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;

/**
 * Folds a peft LoRA pair into its base weight exactly as {@code models/export/lora_merge.py} does, bit for bit:
 * {@code W' = float32(double(W) + s · Σ_k B[o,k]·A[k,j])} with the sum over k in order, in double, and
 * {@code s = alpha / rank}. A is {@code [r, in(, kh, kw)]}, B is {@code [out, r(, 1, 1)]}; Linear, 1×1 and k×k
 * convolutions are all this one product over A flattened to {@code [r, in·kh·kw]}.
 */
public final class LoraMerge {
    private LoraMerge() {
    }

    /** The LoRA rank, after checking A and B against the base weight's shape ("expected X, found Y"). */
    public static int rank(String module, long[] weight, long[] a, long[] b) {
        if (weight.length != 2 && weight.length != 4) {
            throw fail(module, "a Linear or Conv2d weight (2 or 4 dims)", TensorShape.format(weight));
        }
        if (a.length != weight.length || a[0] < 1 || a[0] > 4096) {
            throw fail(module + ".lora_A", "a rank-first tensor of " + weight.length + " dims", TensorShape.format(a));
        }
        long r = a[0];
        long[] wantA = weight.length == 2 ? new long[] {r, weight[1]} : new long[] {r, weight[1], weight[2], weight[3]};
        long[] wantB = weight.length == 2 ? new long[] {weight[0], r} : new long[] {weight[0], r, 1, 1};
        if (!java.util.Arrays.equals(a, wantA)) {
            throw fail(module + ".lora_A", "shape " + TensorShape.format(wantA), TensorShape.format(a));
        }
        if (!java.util.Arrays.equals(b, wantB)) {
            throw fail(module + ".lora_B", "shape " + TensorShape.format(wantB), TensorShape.format(b));
        }
        return (int) r;
    }

    private static SharpStepException fail(String what, String expected, String found) {
        return new SharpStepException(SharpStepException.Kind.INPUT, "The LoRA of " + what + " does not fit: expected "
                + expected + ", found " + found + ".");
    }

    /**
     * Returns the merged weight (float32, row-major) of {@code weight} with the pair {@code a}, {@code b}.
     *
     * @param alpha peft's lora_alpha (8 for OSEDiff)
     */
    public static float[] merge(String module, StoredTensor weight, StoredTensor a, StoredTensor b, double alpha) {
        int rank = rank(module, weight.shape(), a.shape(), b.shape());
        float[] w = weight.toFloats();
        float[] av = a.toFloats();
        float[] bv = b.toFloats();
        int out = (int) weight.shape()[0];
        int cols = w.length / out;
        double scale = alpha / rank;
        double[] row = new double[cols];
        for (int o = 0; o < out; o++) {
            double b0 = bv[o * rank];
            for (int j = 0; j < cols; j++) {
                row[j] = b0 * (double) av[j];
            }
            for (int k = 1; k < rank; k++) {
                double bk = bv[o * rank + k];
                int base = k * cols;
                for (int j = 0; j < cols; j++) {
                    row[j] += bk * (double) av[base + j];
                }
            }
            int at = o * cols;
            for (int j = 0; j < cols; j++) {
                w[at + j] = (float) ((double) w[at + j] + scale * row[j]);
            }
        }
        return w;
    }
}
