"""Reading fine-tune checkpoints (OSEDiff's osediff.pkl, peft LoRA files, UNet weights) into one
`ModelUpdate`, and applying it to base state dicts. Needs torch (safetensors only for .safetensors
files), not diffusers.

osediff.pkl (OSEDiff's ``OSEDiff_gen.save_model``, loaded by its ``OSEDiff_test.load_ckpt``) is a
``torch.save`` dict:

* ``unet_lora_encoder_modules`` / ``unet_lora_decoder_modules`` / ``unet_lora_others_modules``:
  module names of the three UNet adapters (``default_encoder`` / ``default_decoder`` / ``default_others``);
* ``vae_lora_encoder_modules``: VAE encoder module names (adapter ``default_encoder``, may repeat names);
* ``rank_unet``, ``rank_vae``: LoRA ranks (lora_alpha is peft's default, 8);
* ``state_dict_unet``: every UNet state-dict key holding "lora" or "conv_in" of the peft-wrapped model,
  e.g. ``down_blocks.0.resnets.0.conv1.lora_A.default_encoder.weight`` and the fully tuned
  ``conv_in.base_layer.weight`` / ``conv_in.base_layer.bias`` (conv_in also has a LoRA);
* ``state_dict_vae``: every VAE key holding "lora".
"""

from dataclasses import dataclass, field
from typing import Optional

import torch

from lora_merge import MergeError, group_lora_pairs, merge_into_state_dict

OSEDIFF_KEYS = ("unet_lora_encoder_modules", "unet_lora_decoder_modules", "unet_lora_others_modules",
                "vae_lora_encoder_modules", "rank_unet", "rank_vae", "state_dict_unet", "state_dict_vae")
UNET_ADAPTERS = {"default_encoder": "unet_lora_encoder_modules", "default_decoder": "unet_lora_decoder_modules",
                 "default_others": "unet_lora_others_modules"}
VAE_ADAPTERS = {"default_encoder": "vae_lora_encoder_modules"}
PEFT_DEFAULT_LORA_ALPHA = 8  # peft 0.9's LoraConfig default, which OSEDiff trains and tests with


@dataclass
class ModelUpdate:
    """What a fine-tune changes in the SD base: replaced UNet tensors and LoRA pairs to merge."""
    source: str
    unet_replace: dict = field(default_factory=dict)  # base UNet key -> tensor (OSEDiff: tuned conv_in)
    unet_lora: dict = field(default_factory=dict)     # module -> (lora_A, lora_B)
    vae_lora: dict = field(default_factory=dict)
    unet_rank: Optional[int] = None                   # expected rank, when the checkpoint states one
    vae_rank: Optional[int] = None
    osediff: Optional[dict] = None                    # the raw osediff.pkl dict (for the peft reference)


def load_state_file(path):
    """A tensor dict from .safetensors (safetensors) or a torch.save file (weights only)."""
    if str(path).endswith(".safetensors"):
        from safetensors.torch import load_file
        return load_file(str(path))
    data = torch.load(str(path), map_location="cpu", weights_only=True)
    if isinstance(data, dict) and isinstance(data.get("state_dict"), dict):
        data = data["state_dict"]
    if not isinstance(data, dict):
        raise MergeError(f"{path}: expected a dict of tensors, found {type(data).__name__}")
    return data


def _check_listed(what, pairs, listed):
    """The modules that carry LoRA weights must be exactly the listed target modules."""
    found = set(pairs)
    if found != listed:
        missing, unlisted = sorted(listed - found), sorted(found - listed)
        raise MergeError(f"{what}: expected LoRA weights for the {len(listed)} listed target modules, "
                         f"found {len(found)} (missing: {missing[:3]}, not listed: {unlisted[:3]})")


def load_osediff(path):
    """Read OSEDiff's osediff.pkl into a ModelUpdate, checking it is self-consistent."""
    ckpt = torch.load(str(path), map_location="cpu", weights_only=True)
    if not isinstance(ckpt, dict):
        raise MergeError(f"{path}: expected an OSEDiff checkpoint (a dict), found {type(ckpt).__name__}")
    missing = [k for k in OSEDIFF_KEYS if k not in ckpt]
    if missing:
        raise MergeError(f"{path}: expected OSEDiff checkpoint keys {missing}, found none (keys: {sorted(ckpt)})")
    unet_sd, vae_sd = ckpt["state_dict_unet"], ckpt["state_dict_vae"]
    update = ModelUpdate(source=str(path), unet_lora=group_lora_pairs(unet_sd), vae_lora=group_lora_pairs(vae_sd),
                         unet_rank=int(ckpt["rank_unet"]), vae_rank=int(ckpt["rank_vae"]), osediff=ckpt)
    for key, tensor in unet_sd.items():
        if "lora" in key:
            continue
        if "conv_in" not in key:
            raise MergeError(f"{path}: expected only LoRA and conv_in keys in state_dict_unet, found {key}")
        update.unet_replace[key.replace(".base_layer", "")] = tensor
    for key in vae_sd:
        if "lora" not in key:
            raise MergeError(f"{path}: expected only LoRA keys in state_dict_vae, found {key}")
    _check_listed(f"{path} (UNet)", update.unet_lora, {m for k in UNET_ADAPTERS.values() for m in ckpt[k]})
    _check_listed(f"{path} (VAE)", update.vae_lora, set(ckpt["vae_lora_encoder_modules"]))
    return update


def load_unet_lora(path):
    """A peft-style UNet LoRA file (keys '<module>.lora_A[.<adapter>].weight', optionally prefixed
    'base_model.model.' or 'unet.'), e.g. a D3SR-style LoRA."""
    sd = {}
    for key, tensor in load_state_file(path).items():
        for prefix in ("base_model.model.", "unet."):
            if key.startswith(prefix):
                key = key[len(prefix):]
        sd[key] = tensor
    pairs = group_lora_pairs(sd)
    if not pairs:
        raise MergeError(f"{path}: expected peft LoRA keys like '<module>.lora_A.weight', found {sorted(sd)[:3]}")
    return ModelUpdate(source=str(path), unet_lora=pairs)


def load_unet_weights(path):
    """A full or partial UNet state dict in diffusers naming (e.g. a fully fine-tuned D3SR-style UNet)."""
    return ModelUpdate(source=str(path), unet_replace=load_state_file(path))


def combine(updates):
    """Merge several updates (e.g. --unet-weights then --unet-lora) into one."""
    out = ModelUpdate(source=" + ".join(u.source for u in updates))
    for u in updates:
        for mine, theirs in ((out.unet_replace, u.unet_replace), (out.unet_lora, u.unet_lora),
                             (out.vae_lora, u.vae_lora)):
            clash = set(mine) & set(theirs)
            if clash:
                raise MergeError(f"expected each module from one checkpoint, found {sorted(clash)[0]} in two")
            mine.update(theirs)
        out.unet_rank = out.unet_rank or u.unet_rank
        out.vae_rank = out.vae_rank or u.vae_rank
        out.osediff = out.osediff or u.osediff
    return out


def replace_tensors(state_dict, replacements, what):
    """Return state_dict with ``replacements`` put in; every key must exist with the same shape."""
    out = dict(state_dict)
    for key, tensor in replacements.items():
        if key not in state_dict:
            raise MergeError(f"{what}: expected a base key {key}, found no such key in the base model")
        if list(state_dict[key].shape) != list(tensor.shape):
            raise MergeError(f"{what}: expected {key} of shape {list(state_dict[key].shape)}, "
                             f"found {list(tensor.shape)}")
        out[key] = tensor.to(state_dict[key].dtype)
    return out


def apply_update(unet_sd, vae_sd, update, lora_alpha=PEFT_DEFAULT_LORA_ALPHA):
    """Return merged (unet_sd, vae_sd): replacements first (OSEDiff's conv_in), then the LoRA merges."""
    unet_sd = replace_tensors(unet_sd, update.unet_replace, update.source)
    unet_sd = merge_into_state_dict(unet_sd, update.unet_lora, lora_alpha, update.unet_rank)
    vae_sd = merge_into_state_dict(vae_sd, update.vae_lora, lora_alpha, update.vae_rank)
    return unet_sd, vae_sd
