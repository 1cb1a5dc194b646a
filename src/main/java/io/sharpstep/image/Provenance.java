package io.sharpstep.image;

/**
 * What made a result, written into its XMP when asked for, so that an enlarged photo can be told from a
 * camera original.
 *
 * @param model    the model pack, e.g. "sharpstep-x4"
 * @param version  the SharpStep version
 * @param settings a short description of the settings, e.g. "tile 512, overlap 32"
 */
public record Provenance(String model, String version, String settings) {
    public Provenance {
        model = model == null ? "" : model;
        version = version == null ? "" : version;
        settings = settings == null ? "" : settings;
    }
}
