package io.sharpstep.engine.ops;

/** Cumulative ᾱ_t of a diffusion noise schedule, as diffusers' DDPMScheduler derives it. */
public final class NoiseSchedule {
    private NoiseSchedule() {
    }

    /**
     * ᾱ_t = Π_{i ≤ t} (1 − β_i) with β linear in β ("linear") or in sqrt(β) ("scaled_linear", Stable
     * Diffusion), {@code steps} values from {@code start} to {@code end}. Products in double.
     */
    public static double alphaBar(String schedule, double start, double end, int steps, int t) {
        if (steps < 2 || t < 0 || t >= steps) {
            throw new IllegalArgumentException("timestep " + t + " outside a schedule of " + steps + " steps");
        }
        boolean scaled = switch (schedule) {
            case "scaled_linear" -> true;
            case "linear" -> false;
            default -> throw new IllegalArgumentException("expected schedule linear or scaled_linear, found "
                    + schedule);
        };
        double a = scaled ? Math.sqrt(start) : start;
        double b = scaled ? Math.sqrt(end) : end;
        double prod = 1.0;
        for (int i = 0; i <= t; i++) {
            double v = a + (b - a) * i / (steps - 1);
            double beta = scaled ? v * v : v;
            prod *= 1.0 - beta;
        }
        return prod;
    }
}
