package io.sharpstep.engine.pack;

import java.util.Map;

/**
 * A one-step latent diffusion pack (OSEDiff / D3SR): VAE encoder, UNet, VAE decoder, the latent space, the single
 * scheduler step and the fixed prompt embedding.
 *
 * @param encoder   the encoder graph file
 * @param unet      the UNet graph file
 * @param decoder   the decoder graph file
 * @param tiles     the tile sizes the pack recommends
 */
public record LatentManifest(PackInfo info, String encoder, String unet, String decoder, LatentSpec latent,
                             SchedulerSpec scheduler, PromptSpec prompt, LatentTiles tiles) implements PackManifest {
    @Override
    public PackKind kind() {
        return PackKind.ONE_STEP_LATENT;
    }

    @Override
    public Map<String, String> graphs() {
        return Map.of("encoder", encoder, "unet", unet, "decoder", decoder);
    }
}
