package io.sharpstep.engine.pack;

import io.sharpstep.core.SharpStepException;

import java.nio.file.Path;

/**
 * A model pack found on disk (or the built-in bicubic one, whose folder is null).
 *
 * @param id       the folder name, or "bicubic"
 * @param dir      the pack folder
 * @param manifest its checked manifest
 */
public record ModelPack(String id, Path dir, PackManifest manifest) {
    public static final String BICUBIC_ID = "bicubic";

    public static ModelPack bicubic() {
        return new ModelPack(BICUBIC_ID, null, BicubicManifest.of(4));
    }

    /**
     * A file of the pack, as its real path: links are followed, and whatever they lead to must lie inside the
     * pack folder's real path (the folder itself may be reached through a link).
     *
     * @throws SharpStepException of kind PACK when the file is missing or lies outside the pack
     */
    public Path file(String name) {
        return PackFiles.inside(dir, name, id);
    }

    /** E.g. "osediff (one-step-latent, ×4, fp16)". */
    public String summary() {
        return id + " — " + manifest.name() + " (" + manifest.kind().key() + ", ×" + manifest.scale()
                + (manifest.kind() == PackKind.BICUBIC ? "" : ", " + manifest.precision().key()) + ")";
    }
}
