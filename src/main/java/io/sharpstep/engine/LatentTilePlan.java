package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.Precision;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.LatentTiles;

/**
 * Tile sizes settled for one job of a one-step-latent pack, from the pack's recommendation, the user's choice and
 * a memory budget. UNet and decoder sizes in latent pixels, the encoder's in pixels of the enlarged image.
 * {@code encoderEstimate} and {@code decoderEstimate} are the sides of the one run that estimates a VAE part's
 * shared context ({@link VaeStatistics}): as large as the budget allows whatever tiles the user chose, since the
 * estimate's fidelity sets the shared statistics' (a 0.5× estimate of a 512² decoder input loses ~10 dB against a
 * whole one, ../shared/docs/tiled-vae.md).
 */
public record LatentTilePlan(int unet, int unetOverlap, int encoder, int encoderOverlap, int decoder,
                             int decoderOverlap, int encoderEstimate, int decoderEstimate) {

    static final long GIB = 1L << 30;
    /**
     * Default model-run budget on CUDA: a 4096² result then peaks at 11.8 GB on an H100 (8 GiB gave 13.8 GB),
     * within a 12 GB card.
     */
    static final long CUDA_BUDGET = 6 * GIB;
    static final long CPU_BUDGET = 4 * GIB;
    /**
     * What ONNX Runtime really held compared with the buffer count above, measured on an H100 (fp16 pack,
     * 4096² output, decoder tile 168: counted 7.6 GB, nvidia-smi peak 32.4 GB; docs/benchmarks.md).
     */
    static final int MEASURED_OVERHEAD = 4;
    /**
     * Smallest decoder overlap in latent pixels where a tile allows it: with shared statistics the border
     * error of a feathered seam falls from 0.156 to 0.060 going from 8 to 16 (../shared/docs/tiled-vae.md).
     */
    static final int MIN_DECODER_OVERLAP = 16;

    /**
     * Settles the sizes for an image whose padded latent is {@code latentW × latentH}. The UNet keeps the pack's
     * tile (the size its model was tuned on) unless the user sets one. The VAE tiles are as large as the memory
     * budget allows, up to the whole image: a VAE's GroupNorm and mid-block attention see the whole tile, so every
     * seam is a place where statistics differ, and fewer, larger tiles blend better (docs/benchmarks.md).
     * {@code sharedKeys}: the VAE graphs' attention takes the estimate's keys (attn_k), so a tile run also holds its
     * scores against them and the budget's tiles are smaller, unless the whole image fits in one tile (which needs
     * no shared keys).
     */
    public static LatentTilePlan of(LatentManifest m, UpscaleOptions o, DeviceInfo device, int latentW, int latentH,
                                    boolean sharedKeys) {
        LatentTiles t = m.tiles();
        long budget = budget(o, device);
        int bytes = m.precision() == Precision.FP16 ? 2 : 4;
        int f = m.latent().factor();
        int latent = o.tile() > 0 ? roundTo(o.tile() / f, 8) : t.unet();
        int latentOverlap = Math.min(t.unetOverlap(), latent / 2);
        int whole = roundTo(Math.max(latentW, latentH) + 7, 8);
        int decoderEstimate = largestFitting(whole, f, bytes, budget, 1, 0);
        int encoderEstimate = largestFitting(whole, f, bytes, budget, 2, 0);
        int decoder = o.vaeTile() > 0 ? roundTo(o.vaeTile() / f, 8)
                : tileFitting(whole, f, bytes, budget, 1, sharedKeys ? decoderEstimate : 0);
        int encoderLatent = o.vaeTile() > 0 ? roundTo(o.vaeTile() / f, 8)
                : tileFitting(whole, f, bytes, budget, 2, sharedKeys ? encoderEstimate : 0);
        int encoder = encoderLatent * f;
        // Decoder tiles overlap by at least MIN_DECODER_OVERLAP latent pixels (half a small tile at most): shared
        // GroupNorm statistics leave the attention's tile differences, which a wider feather hides.
        int decoderOverlap = Math.max(Math.min(t.decoderOverlap(), decoder / 4),
                Math.min(MIN_DECODER_OVERLAP, decoder / 2));
        return new LatentTilePlan(latent, latentOverlap, encoder, Math.min(t.encoderOverlap(), encoder / 4), decoder,
                decoderOverlap, encoderEstimate * f, decoderEstimate);
    }

    /** The most attention keys an encoder tile is given: the estimate's latent tokens ({@code factor}: the VAE's). */
    public int encoderKeyTokens(int factor) {
        return encoderEstimate / factor * (encoderEstimate / factor);
    }

    /** The most attention keys a decoder tile is given: the estimate's latent tokens. */
    public int decoderKeyTokens() {
        return decoderEstimate * decoderEstimate;
    }

    /** The whole image when it fits in one plain run, else the largest tile whose run with shared keys fits. */
    private static int tileFitting(int whole, int factor, int bytes, long budget, int divisor, int estimate) {
        int plain = largestFitting(whole, factor, bytes, budget, divisor, 0);
        return plain >= whole || estimate == 0 ? plain
                : largestFitting(whole, factor, bytes, budget, divisor, (long) estimate * estimate);
    }

    /** The memory one model run may use: the user's, else a default for the device. */
    static long budget(UpscaleOptions o, DeviceInfo device) {
        return o.memoryBudget() > 0 ? o.memoryBudget() : device.used() == DeviceKind.CUDA ? CUDA_BUDGET : CPU_BUDGET;
    }

    /**
     * The largest latent tile side (a multiple of 8, at most {@code whole}, at least 16) whose estimated
     * peak with {@code keyTokens} given attention keys, divided by {@code divisor} (the encoder needs about half
     * the decoder's), fits the budget.
     */
    static int largestFitting(int whole, int factor, int bytesPerValue, long budget, int divisor, long keyTokens) {
        int d = Math.max(16, whole);
        while (d > 16 && decoderBytes(d, factor, bytesPerValue, keyTokens) / divisor > budget) {
            d -= 8;
        }
        return d;
    }

    /**
     * Estimated peak device memory of a Stable-Diffusion-sized VAE decoder on a d×d latent tile without fused
     * attention: six 128-channel buffers at full resolution plus the mid-block attention over all d² latent
     * pixels (scores, softmax and a scaled copy, d⁴ values each) and against {@code keyTokens} given keys (d² of
     * them each), times {@link #MEASURED_OVERHEAD}.
     */
    static long decoderBytes(int d, int factor, int bytesPerValue, long keyTokens) {
        long pixels = (long) d * factor * d * factor;
        long tokens = (long) d * d;
        return MEASURED_OVERHEAD * (6 * 128 * pixels + 3 * tokens * (tokens + keyTokens)) * bytesPerValue;
    }

    private static int roundTo(int v, int m) {
        return Math.max(m, v / m * m);
    }
}
