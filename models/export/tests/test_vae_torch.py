"""vae_torch.AutoencoderKL against diffusers' own (v0.25.0, OSEDiff's pin) with SD 2.1's VAE config.

Runs only where a diffusers source folder is at <repo>/.ext/diffusers-0.25.0 (git-ignored; e.g.
`git archive v0.25.0 src/diffusers` of a diffusers clone, then move src/ there); skipped otherwise.
huggingface_hub and safetensors are stubbed (nothing from them is needed to build a model from a config).
"""

import importlib.machinery
import os
import sys
import types
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DIFFUSERS = os.path.join(ROOT, ".ext", "diffusers-0.25.0")
sys.path.insert(0, os.path.dirname(HERE))

import vae_torch  # noqa: E402


class _Stub(types.ModuleType):
    HF_HOME = "/nonexistent/hf"
    HUGGINGFACE_HUB_CACHE = HF_HUB_CACHE = "/nonexistent/hf/hub"
    HF_HUB_OFFLINE = HF_HUB_DISABLE_TELEMETRY = True

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub(name)

    def __call__(self, *args, **kwargs):
        return _Stub("call")


def _diffusers_autoencoder():
    for name in ("huggingface_hub", "huggingface_hub.utils", "huggingface_hub.file_download",
                 "huggingface_hub.constants", "safetensors", "safetensors.torch"):
        if name not in sys.modules:
            mod = _Stub(name)
            mod.__spec__ = importlib.machinery.ModuleSpec(name, None)
            sys.modules[name] = mod
    sys.path.insert(0, DIFFUSERS)
    from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL
    return AutoencoderKL


@unittest.skipUnless(os.path.isdir(os.path.join(DIFFUSERS, "diffusers")), "no diffusers at .ext/diffusers-0.25.0")
class SameAsDiffusersTest(unittest.TestCase):
    def test_same_parameters_and_outputs_as_diffusers(self):
        AutoencoderKL = _diffusers_autoencoder()
        torch.manual_seed(0)
        cfg = {k: list(v) if isinstance(v, tuple) else v for k, v in vae_torch.SD21_VAE.items()}
        ref = AutoencoderKL(down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4,
                            act_fn="silu", sample_size=512, **cfg).eval()
        mine = vae_torch.AutoencoderKL().eval()
        mine.load_state_dict(ref.state_dict(), strict=True)
        self.assertEqual(sum(p.numel() for p in mine.parameters()), 83_653_863)
        x = torch.rand(1, 3, 64, 48) * 2 - 1
        z = torch.randn(1, 4, 8, 6)
        with torch.no_grad():
            self.assertEqual((ref.encode(x).latent_dist.mean - vae_torch.EncoderMean(mine)(x)).abs().max().item(), 0)
            self.assertEqual((ref.decode(z).sample - vae_torch.DecoderImage(mine)(z)).abs().max().item(), 0)


if __name__ == "__main__":
    unittest.main()
