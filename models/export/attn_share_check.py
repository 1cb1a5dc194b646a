#!/usr/bin/python3
"""Would sharing the mid-block attention's keys/values across tiles fix what GroupNorm statistics cannot?
Torch only (no engine change): the SD-2.1-size random VAE encoder (seed 0) on GreenMeadow.jpg at 512², forced
3×3 tiles of 216 px (overlap 64, feathered), each tile run with given GroupNorm statistics and, optionally,
attending to given k/v (the estimate's, or the untiled run's) instead of its own. Prints PSNR tiled vs untiled
over the latent's range, and the split of the shared error into global and seam parts.

    /usr/bin/python3 models/export/attn_share_check.py        (about 8 minutes on 2 cores)
"""
import os
import sys

import numpy as np
import torch
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE); sys.path.insert(0, os.path.join(HERE, 'tests'))
import vae_torch
from test_gn_stats import GivenStats
from PIL import Image
torch.set_num_threads(2)
vae = vae_torch.random_vae(0, affine_noise=0.0)
enc = vae_torch.EncoderMean(vae)
att = vae.encoder.mid_block.attentions[0]
S, T, OV = 512, 216, 64
img = Image.open("/usr/share/backgrounds/mate/nature/GreenMeadow.jpg").convert("RGB").crop((0,0,1024,1024)).resize((S,S), Image.BOX)
x = torch.from_numpy(np.asarray(img, dtype=np.float32).transpose(2,0,1)[None]/255*2-1)

class KV:
    """Patches the encoder's mid-block attention: record this run's k, v; attend to given k, v if set."""
    def __init__(self, given=None): self.given, self.kv = given, None
    def __enter__(self):
        self.saved = att.forward
        def fwd(h):
            b, c, hh, ww = h.shape
            t = att.group_norm(h.view(b, c, hh*ww)).transpose(1, 2)
            q, k, v = att.to_q(t), att.to_k(t), att.to_v(t)
            self.kv = (k, v)
            if self.given is not None: k, v = self.given
            probs = torch.softmax(torch.bmm(q, k.transpose(1, 2)) * att.scale, dim=-1)
            o = att.to_out[0](torch.bmm(probs, v))
            return o.transpose(1, 2).reshape(b, c, hh, ww) + h
        att.forward = fwd
        return self
    def __exit__(self, *a): att.forward = self.saved

def run(inp, stats=None, kv=None):
    L = 22
    with torch.no_grad(), GivenStats(vae.encoder, stats, np.ones(L) if stats is not None else None) as g, KV(kv) as a:
        out = enc(inp)
    return out, np.stack(g.stats), a.kv

# check the patched attention equals the module
with torch.no_grad():
    ref = enc(x)
    mine, _, _ = run(x)
print("patch check", float((ref - mine).abs().max()))
whole_stats, whole_kv = run(x)[1:]

# estimate: nearest shrink to T, rescaled per channel, clamped
idx = ((np.arange(T) + 0.5) * S / T).astype(int)
e = x[:, :, idx][:, :, :, idx].clone()
for c in range(3):
    full, own = x[0, c], e[0, c]
    e[0, c] = ((own - own.mean()) * (full.std() / own.std()) + full.mean()).clamp(full.min(), full.max())
_, est_stats, est_kv = run(e)

starts = [0, 144, 296]
f = 8
lat = ref.shape[2]
def feather(n, ov, lo, hi):
    w = np.ones(n)
    r = np.arange(1, ov + 1) / (ov + 1)
    if lo: w[:ov] = r
    if hi: w[-ov:] = r[::-1]
    return w
def tiled(stats=None, kv=None):
    acc = torch.zeros_like(ref); wsum = torch.zeros(1, 1, lat, lat)
    for y in starts:
        for xx in starts:
            out, _, _ = run(x[:, :, y:y+T, xx:xx+T], stats, kv)
            n = T // f; ov = OV // f
            wy = torch.tensor(feather(n, ov, y > 0, y + T < S)); wx = torch.tensor(feather(n, ov, xx > 0, xx + T < S))
            w = (wy[:, None] * wx[None, :]).float()[None, None]
            acc[:, :, y//f:y//f+n, xx//f:xx//f+n] += out * w; wsum[:, :, y//f:y//f+n, xx//f:xx//f+n] += w
    return acc / wsum
rng = float(ref.max() - ref.min())
def psnr(a, b): return 10*np.log10(rng**2 / float(((a-b)**2).mean()))
rows = {}
rows['per-tile'] = psnr(ref, tiled())
rows['shared stats'] = psnr(ref, tiled(est_stats))
rows['shared stats + estimate k/v'] = psnr(ref, tiled(est_stats, est_kv))
g_sk = run(x, est_stats, est_kv)[0]
rows['  global part (untiled, estimate stats + k/v)'] = psnr(ref, g_sk)
rows['  seam part'] = psnr(g_sk, tiled(est_stats, est_kv))
rows['whole stats'] = psnr(ref, tiled(whole_stats))
rows['whole stats + whole k/v'] = psnr(ref, tiled(whole_stats, whole_kv))
for k, v in rows.items(): print(f"{k}: {v:.2f} dB")
