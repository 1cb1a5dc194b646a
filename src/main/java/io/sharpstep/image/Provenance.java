package io.sharpstep.image;

/**
 * What made a result, written into its XMP when asked for, so that an enlarged photo can be told from a
 * camera original and the pack that made it can be found again.
 *
 * @param model     the pack's name, e.g. "Real-ESRGAN ×4"
 * @param modelId   the pack's id (its folder name), e.g. "realesrgan-x4plus"
 * @param kind      what the pack computes: "one-step-latent", "direct" or "bicubic"
 * @param scale     the enlargement factor
 * @param precision the pack's precision, "fp32" or "fp16" (empty for bicubic)
 * @param version   the SharpStep version that wrote the result
 * @param device    where the model ran, e.g. "CPU" or "CUDA 0"
 * @param modelVersion the pack's own version (what its weights are), or empty
 */
public record Provenance(String model, String modelId, String kind, int scale, String precision, String version,
                         String device, String modelVersion) {
    /** Without a pack version. */
    public Provenance(String model, String modelId, String kind, int scale, String precision, String version,
                      String device) {
        this(model, modelId, kind, scale, precision, version, device, "");
    }

    public Provenance {
        modelVersion = modelVersion == null ? "" : modelVersion;
        model = model == null ? "" : model;
        modelId = modelId == null ? "" : modelId;
        kind = kind == null ? "" : kind;
        precision = precision == null ? "" : precision;
        version = version == null ? "" : version;
        device = device == null ? "" : device;
    }

    /** What was done, in words: e.g. "4x super-resolution (direct model)". */
    public String process() {
        String what = switch (kind) {
            case "one-step-latent" -> "super-resolution (one-step diffusion)";
            case "direct" -> "super-resolution (direct model)";
            case "bicubic" -> "bicubic resampling";
            default -> "enlargement";
        };
        return scale + "x " + what;
    }
}
