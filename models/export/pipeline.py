"""The one-step x4 pipeline glue shared by every backend (PyTorch reference, exported ONNX pack), in
numpy float32, following shared/docs/one-step-sr.md:

bicubic x4 (PIL) -> floor to /8 -> [-1, 1] -> encoder mean x sf -> UNet eps at t -> x0 = (z - sqrt(1-ab) eps) / sqrt(ab)
-> decode(x0 / sf) -> clamp [-1, 1] -> (x + 1) / 2 -> colour fix against the bicubic image.

A backend has ``encode(image) -> mean``, ``unet(sample, timestep, emb) -> eps``, ``decode(latent) -> image``,
all on float32 NCHW numpy arrays.
"""

from dataclasses import dataclass

import numpy as np
from PIL import Image


def scaled_linear_alpha_bar(timestep, start=0.00085, end=0.012, steps=1000):
    """ᾱ_t of SD's scaled_linear schedule, computed in float32 as diffusers' DDPMScheduler does."""
    import torch
    betas = torch.linspace(start ** 0.5, end ** 0.5, steps, dtype=torch.float32) ** 2
    return float(torch.cumprod(1.0 - betas, dim=0)[timestep])


@dataclass
class Params:
    """The pack constants the pipeline needs (model.json's latent/scheduler/colorFix)."""
    scaling_factor: float = 0.18215
    timestep: int = 999
    alpha_bar: float = scaled_linear_alpha_bar(999)
    color_fix: str = "adain"


def bicubic_x4(lq, scale=4, floor="crop"):
    """PIL bicubic x``scale``; sides floored to a multiple of 8 by a top-left crop (``crop``) or, as
    OSEDiff's test script does, by a LANCZOS resize (``lanczos``)."""
    up = lq.convert("RGB").resize((lq.width * scale, lq.height * scale), Image.BICUBIC)
    w, h = up.width - up.width % 8, up.height - up.height % 8
    if (w, h) == up.size:
        return up
    return up.crop((0, 0, w, h)) if floor == "crop" else up.resize((w, h), Image.LANCZOS)


def to_nchw(pil):
    """PIL RGB -> float32 [1, 3, H, W] in [-1, 1]."""
    arr = np.asarray(pil, dtype=np.float32) / 255.0
    return (arr.transpose(2, 0, 1)[None] * 2.0 - 1.0).astype(np.float32)


def adain(target, source, eps=1e-5):
    """Per-channel mean/std transfer (unbiased variance + eps), clamped to [0, 1]; NCHW float."""
    def stats(x):
        flat = x.reshape(x.shape[0], x.shape[1], -1).astype(np.float64)
        return flat.mean(-1)[..., None, None], np.sqrt(flat.var(-1, ddof=1) + eps)[..., None, None]
    tm, ts = stats(target)
    sm, ss = stats(source)
    return np.clip((target - tm) / ts * ss + sm, 0.0, 1.0).astype(np.float32)


def wavelet_fix(target, source, levels=5):
    """High frequencies of ``target`` + lowest band of ``source`` (dilated [1,2,1]² / 16 blur, replicate pad)."""
    def blur(x, d):
        k = np.array([1.0, 2.0, 1.0]) / 4.0
        p = np.pad(x, ((0, 0), (0, 0), (d, d), (d, d)), mode="edge")
        h = k[0] * p[:, :, :, :-2 * d] + k[1] * p[:, :, :, d:-d] + k[2] * p[:, :, :, 2 * d:]
        return k[0] * h[:, :, :-2 * d] + k[1] * h[:, :, d:-d] + k[2] * h[:, :, 2 * d:]

    def low(x):
        for i in range(levels):
            x = blur(x, 2 ** i)
        return x
    return np.clip(target - low(target) + low(source), 0.0, 1.0).astype(np.float32)


@dataclass
class Result:
    """Pipeline outputs, NCHW float32: the raw decoder output and the final image in [0, 1]."""
    decoded: np.ndarray
    image: np.ndarray


def run(backend, lq, emb, params, floor="crop"):
    """Run the whole pipeline on a low-resolution PIL image with ``backend``."""
    up = bicubic_x4(lq, floor=floor)
    x = to_nchw(up)
    z = backend.encode(x).astype(np.float32) * params.scaling_factor
    eps = backend.unet(z, np.array([params.timestep], dtype=np.int64), emb).astype(np.float32)
    ab = params.alpha_bar
    x0 = (z - np.sqrt(1.0 - ab) * eps) / np.sqrt(ab)
    decoded = backend.decode((x0 / params.scaling_factor).astype(np.float32)).astype(np.float32)
    out = (np.clip(decoded, -1.0, 1.0) + 1.0) / 2.0
    src = (x + 1.0) / 2.0
    if params.color_fix == "adain":
        out = adain(out, src)
    elif params.color_fix == "wavelet":
        out = wavelet_fix(out, src)
    return Result(decoded=decoded, image=out)


def psnr(a, b):
    """PSNR in dB of two images in [0, 1] (inf when equal, nan when either has NaN)."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(1.0 / mse)


def to_pil(nchw):
    """[1, 3, H, W] in [0, 1] -> PIL RGB (rounded)."""
    arr = np.nan_to_num(nchw[0].transpose(1, 2, 0), nan=0.0)
    return Image.fromarray((np.clip(arr, 0, 1) * 255.0 + 0.5).astype(np.uint8))
