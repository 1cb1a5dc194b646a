package io.sharpstep.engine;

/**
 * What one enlargement needs beyond its source and its result, estimated before any work.
 *
 * @param heapBytes      Java heap for tiles, blending and colour-fix bands at the peak
 * @param canvasBytes    intermediate canvases (latents, the model's output before its colour fix), which the
 *                       workspace keeps in the heap while they fit its allowance and on scratch disk beyond it
 * @param nativeBytes    memory the model runs take outside the Java heap (host memory on the CPU)
 */
public record WorkEstimate(long heapBytes, long canvasBytes, long nativeBytes) {
    public static final WorkEstimate NONE = new WorkEstimate(0, 0, 0);
}
