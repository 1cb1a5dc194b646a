package io.sharpstep.engine.pack;

/**
 * The single denoising step.
 *
 * @param timestep   the UNet timestep (999)
 * @param prediction what the UNet predicts
 * @param alphaBar   ᾱ at that timestep
 */
public record SchedulerSpec(int timestep, Prediction prediction, double alphaBar) {
    /** x0 from the noisy latent z and the UNet output, for ε- or v-prediction. */
    public float x0(float z, float out) {
        double sa = Math.sqrt(alphaBar);
        double sb = Math.sqrt(1 - alphaBar);
        return (float) (prediction == Prediction.EPSILON ? (z - sb * out) / sa : sa * z - sb * out);
    }
}
