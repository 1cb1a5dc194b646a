#!/usr/bin/python3
"""SD-2.1-size VAE graphs with random weights (vae_torch, torch's default initialisation, seed 0) and the
GroupNorm-statistics edit, for the tiled-VAE benchmark (src/test/java/io/sharpstep/engine/TiledVaeBench.java):

    /usr/bin/python3 models/export/bench_vae_graphs.py /tmp/sdvae

writes DIR/encoder.onnx, DIR/decoder.onnx (edited: 22 / 30 GroupNorm layers, 32 groups) and DIR/model.json
(a one-step-latent manifest naming them, reusing the fixture UNet so that ManifestReader accepts it).
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "models", "fixtures"))

import make_vae_fixture  # noqa: E402
import vae_torch  # noqa: E402


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    vae = vae_torch.random_vae(0, affine_noise=0.0)  # SD 2.1 config, as diffusers builds it untrained
    stats = make_vae_fixture.export_vae(vae, out)
    fixture = os.path.join(ROOT, "src", "test", "resources", "fixtures", "packs", "sdvae-fixture")
    for name in ("unet.onnx", "prompt.bin", "model.json"):
        shutil.copy(os.path.join(fixture, name), os.path.join(out, name))
    print(out, stats, sum(p.numel() for p in vae.parameters()), "parameters")


if __name__ == "__main__":
    main()
