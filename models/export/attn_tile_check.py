#!/usr/bin/python3
"""How much the SD VAE decoder's mid-block attention changes when it runs on one tile instead of the whole latent,
with the GroupNorm statistics of the whole (what shared/exact statistics cannot fix). Random SD-2.1-size weights.

    /usr/bin/python3 models/export/attn_tile_check.py [--photo-latent] [photo.jpg]

The decoder's input is the random encoder's latent of the photo, or with --photo-latent the photo itself as a
latent at the scale OSEDiff feeds the decoder (as the Java tests' Fixtures.photoLatent: box-averaged to the
latent grid, the least-squares inverse of the usual 4x3 SD latent-preview matrix, divided by 0.18215).
"""
import os
import sys

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tests"))

import vae_torch  # noqa: E402
from test_gn_stats import GivenStats  # noqa: E402


# rows: latent channels; columns: R, G, B in [-1, 1] (scaled latents)
LATENT_TO_RGB = np.array([[0.298, 0.207, 0.208], [0.187, 0.286, 0.173], [-0.158, 0.189, 0.264],
                          [-0.184, -0.271, -0.473]])


def photo_latent(img, scaling_factor=0.18215):
    """img (PIL, latent-sized) as an SD latent at the decoder's input scale."""
    rgb = np.asarray(img, dtype=np.float64).transpose(2, 0, 1) / 255 * 2 - 1
    lat = np.linalg.pinv(LATENT_TO_RGB.T) @ rgb.reshape(3, -1) / scaling_factor
    return torch.from_numpy(lat.reshape(4, *rgb.shape[1:])[None].astype(np.float32))


def main():
    args = [a for a in sys.argv[1:] if a != "--photo-latent"]
    photo = args[0] if args else "/usr/share/backgrounds/mate/nature/GreenMeadow.jpg"
    vae = vae_torch.random_vae(0, affine_noise=0.0)
    img = Image.open(photo).convert("RGB").crop((0, 0, 1024, 1024)).resize((256, 256), Image.BOX)
    x = torch.from_numpy(np.asarray(img, dtype=np.float32).transpose(2, 0, 1)[None] / 255 * 2 - 1)
    with torch.no_grad():
        latent = vae_torch.EncoderMean(vae)(x)
        if "--photo-latent" in sys.argv[1:]:
            latent = photo_latent(img.resize((latent.shape[3], latent.shape[2]), Image.BOX))
        dec = vae.decoder
        h = dec.mid_block.resnets[0](dec.conv_in(vae.post_quant_conv(latent)))
        att = dec.mid_block.attentions[0]
        whole = att(h) - h
        t = h.reshape(1, att.group_norm.num_groups, -1)
        given = torch.stack([t.mean(-1)[0], t.var(-1, unbiased=False)[0]]).numpy()[None]
        crop = h[:, :, :16, :16].contiguous()
        with GivenStats(att, given, np.ones(1)):
            part = att(crop) - crop
    d = whole[:, :, :16, :16] - part
    print(f"latent {list(latent.shape)}: residual std {h.std():.4f}, attention output std {whole.std():.4f}, "
          f"its spatial std {whole.std(dim=(2, 3)).mean():.4f}")
    print(f"16x16 tile vs whole, same statistics: difference std {d.std():.4f} ({d.std() / h.std():.1%} of the "
          f"residual), mean |per-channel offset| {d.mean(dim=(2, 3)).abs().mean():.4f}")


if __name__ == "__main__":
    main()
