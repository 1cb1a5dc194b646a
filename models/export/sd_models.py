"""Stable Diffusion 2.1-base models through diffusers: loading, the fine-tune merge, the three graph
wrappers that are exported to ONNX, the fixed prompt embedding, and the unmerged peft reference.

diffusers must be importable (pip, or a copy of its ``src/`` folder put first on ``sys.path``).
"""

from pathlib import Path

import json

import numpy as np
import torch

import clip_text
import safetensors_io
from checkpoints import UNET_ADAPTERS, VAE_ADAPTERS, apply_update
from diffusers_compat import model_classes
from lora_merge import MergeError

UNet2DConditionModel, AutoencoderKL = model_classes()

# SD 2.1-base (stabilityai/stable-diffusion-2-1-base) unet/config.json and vae/config.json.
SD21_UNET_CONFIG = dict(
    sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
    block_out_channels=[320, 640, 1280, 1280],
    down_block_types=["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
    up_block_types=["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
    attention_head_dim=[5, 10, 20, 20], cross_attention_dim=1024, use_linear_projection=True,
    upcast_attention=False, norm_num_groups=32, norm_eps=1e-5, act_fn="silu", flip_sin_to_cos=True,
    freq_shift=0, downsample_padding=1, center_input_sample=False)
SD21_VAE_CONFIG = dict(
    in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2, sample_size=512,
    block_out_channels=[128, 256, 512, 512], down_block_types=["DownEncoderBlock2D"] * 4,
    up_block_types=["UpDecoderBlock2D"] * 4, norm_num_groups=32, act_fn="silu", scaling_factor=0.18215)
# Same structure (4 levels, x8 VAE, cross-attention, linear projections), a few MB: for CPU tests.
TINY_UNET_CONFIG = dict(SD21_UNET_CONFIG, layers_per_block=1, block_out_channels=[32, 32, 64, 64],
                        attention_head_dim=[2, 2, 4, 4], cross_attention_dim=32, norm_num_groups=8)
TINY_VAE_CONFIG = dict(SD21_VAE_CONFIG, layers_per_block=1, block_out_channels=[16, 16, 32, 32],
                       norm_num_groups=8)
# Smaller still, with an 8-wide text encoder (clip_text.CI_TEXT_CONFIG): the committed install fixtures.
CI_UNET_CONFIG = dict(SD21_UNET_CONFIG, layers_per_block=1, block_out_channels=[16, 16, 32, 32],
                      attention_head_dim=[2, 2, 4, 4], cross_attention_dim=8, norm_num_groups=8)
CI_VAE_CONFIG = dict(SD21_VAE_CONFIG, layers_per_block=1, block_out_channels=[8, 8, 16, 16], norm_num_groups=4)


DEFAULT_PROMPT = clip_text.DEFAULT_PROMPT


class EncoderMean(torch.nn.Module):
    """VAE encoder + quant_conv -> the latent distribution's mean (unscaled). Input ``image`` in [-1, 1]."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, image):
        moments = self.vae.encoder(image)
        if getattr(self.vae, "quant_conv", None) is not None:
            moments = self.vae.quant_conv(moments)
        return moments[:, : self.vae.config.latent_channels]


class UNetNoise(torch.nn.Module):
    """UNet (sample, timestep, encoder_hidden_states) -> predicted noise."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, sample, timestep, encoder_hidden_states):
        return self.unet(sample, timestep, encoder_hidden_states=encoder_hidden_states, return_dict=False)[0]


class Decoder(torch.nn.Module):
    """post_quant_conv + VAE decoder: unscaled latent -> image in about [-1, 1]."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent):
        if getattr(self.vae, "post_quant_conv", None) is not None:
            latent = self.vae.post_quant_conv(latent)
        return self.vae.decoder(latent)


class Base:
    """The SD base models (fp32, CPU, eval) plus, where there is one, the text encoder's folder or pipe."""

    def __init__(self, unet, vae, sd_path=None, pipe=None):
        self.unet, self.vae, self.sd_path, self.pipe = unet.eval(), vae.eval(), sd_path, pipe


WEIGHT_FILES = {"unet": "diffusion_pytorch_model", "vae": "diffusion_pytorch_model", "text_encoder": "model"}


def weight_file(folder, sub, variant=None):
    """``<folder>/<sub>/<name>[.fp16].safetensors``: the asked variant, else fp32, else fp16."""
    base = Path(folder) / sub / WEIGHT_FILES[sub]
    order = [variant] if variant else [None, "fp16"]
    for v in order:
        p = base.with_name(base.name + (f".{v}" if v else "") + ".safetensors")
        if p.is_file():
            return p
    raise MergeError(f"{Path(folder) / sub}: expected {base.name}{'.' + variant if variant else '[.fp16]'}"
                     f".safetensors, found none")


def load_weights_into(model, path, rename=None):
    """Copy a .safetensors file into ``model``'s parameters and buffers tensor by tensor (the file is
    memory-mapped; fp16/bf16 values widen exactly). Every key must match, with the same shape."""
    header, start = safetensors_io.read_header(path)
    names = {k: (rename(k) if rename else k) for k in header}
    own = model.state_dict(keep_vars=True)
    missing = sorted(set(own) - set(names.values()))
    unknown = sorted(set(names.values()) - set(own))
    if missing or unknown:
        raise MergeError(f"{path}: expected the {len(own)} tensors of the model, found {len(header)} "
                         f"(missing: {missing[:3]}, unknown: {unknown[:3]})")
    for key, info in header.items():
        target = own[names[key]]
        if list(target.shape) != list(info["shape"]):
            raise MergeError(f"{path}: expected {names[key]} of shape {list(target.shape)}, found {info['shape']}")
        tensor = _read_one(path, start, key, info)
        with torch.no_grad():
            target.copy_(tensor)


def _read_one(path, start, key, info):
    begin, end = info["data_offsets"]
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=start + begin, shape=(end - begin,))
    dtype = {"F32": np.float32, "F16": np.float16, "BF16": np.int16, "I64": np.int64}[info["dtype"]]
    t = torch.from_numpy(np.array(raw.view(dtype)).reshape(info["shape"]))
    return t.view(torch.bfloat16) if info["dtype"] == "BF16" else t


def vae_rename(vae):
    """Old VAE attention names (query/key/value/proj_attn) to the current ones, as diffusers' loader does."""
    def rename(key):
        sd = {key: None}
        vae._convert_deprecated_attention_blocks(sd)
        return next(iter(sd))
    return rename


def _config(folder, sub):
    p = Path(folder) / sub / "config.json"
    if not p.is_file():
        raise MergeError(f"{folder}: expected a diffusers folder with {sub}/config.json, found none")
    return json.loads(p.read_text())


def load_folder(folder, variant=None):
    """SD 2.1-base from a diffusers folder without diffusers' hub code: configs, then weights."""
    unet = UNet2DConditionModel.from_config(_config(folder, "unet"))
    vae = AutoencoderKL.from_config(_config(folder, "vae"))
    load_weights_into(unet, weight_file(folder, "unet", variant))
    load_weights_into(vae, weight_file(folder, "vae", variant), vae_rename(vae))
    return Base(unet, vae, sd_path=Path(folder))


def load_text_encoder(folder, variant=None):
    """The CLIP text encoder of a diffusers folder as a clip_text.ClipTextModel (fp32)."""
    model = clip_text.ClipTextModel(clip_text.config_from_json(_config(folder, "text_encoder")))
    path = weight_file(folder, "text_encoder", variant)
    header, _ = safetensors_io.read_header(path)
    if "text_model.embeddings.position_ids" in header:
        model.text_model.embeddings.register_buffer(
            "position_ids", torch.arange(model.config["max_position_embeddings"])[None], persistent=True)
    load_weights_into(model, path)
    return model.eval()


def load_base(sd_path, variant=None):
    """Load SD 2.1-base from a diffusers folder, or from one .safetensors/.ckpt checkpoint (diffusers'
    from_single_file, which needs the model's configs from the hub or its cache)."""
    path = Path(sd_path)
    if path.is_dir():
        return load_folder(path, variant)
    if path.is_file():
        from diffusers import StableDiffusionPipeline
        pipe = StableDiffusionPipeline.from_single_file(str(path), torch_dtype=torch.float32)
        return Base(pipe.unet, pipe.vae, pipe=pipe)
    raise MergeError(f"expected an SD 2.1-base diffusers folder or checkpoint file, found nothing at {path}")


def merged_models(base, update, lora_alpha):
    """Apply a ModelUpdate (tensor replacements + exact LoRA merge) to the base; returns (unet, vae)."""
    if update is None:
        return base.unet, base.vae
    unet_sd, vae_sd = apply_update(base.unet.state_dict(), base.vae.state_dict(), update, lora_alpha)
    base.unet.load_state_dict(unet_sd, strict=True)
    base.vae.load_state_dict(vae_sd, strict=True)
    return base.unet, base.vae


def peft_reference_models(base, update, lora_alpha):
    """OSEDiff's own way (``OSEDiff_test.load_ckpt``): peft adapters on the base models, unmerged.

    An independent check of the merge and of the key naming. Needs peft and an osediff.pkl update.
    """
    from peft import LoraConfig
    ckpt = update.osediff
    for model, adapters, rank, sd, keep in (
            (base.unet, UNET_ADAPTERS, ckpt["rank_unet"], ckpt["state_dict_unet"], ("lora", "conv_in")),
            (base.vae, VAE_ADAPTERS, ckpt["rank_vae"], ckpt["state_dict_vae"], ("lora",))):
        for adapter, modules_key in adapters.items():
            config = LoraConfig(r=rank, lora_alpha=lora_alpha, init_lora_weights="gaussian",
                                target_modules=ckpt[modules_key])
            model.add_adapter(config, adapter_name=adapter)
        with torch.no_grad():
            for name, param in model.named_parameters():
                if any(k in name for k in keep):
                    if name not in sd:
                        raise MergeError(f"peft reference: expected key {name} in the checkpoint, found none")
                    param.copy_(sd[name])
        model.set_adapter(list(adapters))
    return base.unet.eval(), base.vae.eval()


def load_prompt_embedding(path):
    """A fixed prompt embedding from .npy or .pt (tensor [77, D] or [1, 77, D]) as float32 [1, 77, D]."""
    path = Path(path)
    if path.suffix == ".npy":
        emb = np.load(path)
    else:
        emb = torch.load(str(path), map_location="cpu", weights_only=True)
        if not torch.is_tensor(emb):
            raise MergeError(f"{path}: expected a tensor [1, 77, D], found a {type(emb).__name__}")
        emb = emb.float().numpy()
    emb = np.asarray(emb, dtype=np.float32)
    if emb.ndim == 2:
        emb = emb[None]
    if emb.ndim != 3 or emb.shape[:2] != (1, 77):
        raise MergeError(f"{path}: expected a prompt embedding of shape [1, 77, D], found {list(emb.shape)}")
    return emb


def encode_prompt(base, prompt, variant=None):
    """The CLIP text embedding of ``prompt`` as OSEDiff computes it: last hidden state, 77 tokens."""
    if base.pipe is None and base.sd_path is not None and prompt == DEFAULT_PROMPT:
        # The default prompt's token ids are known (no tokenizer needed): our CLIP text model.
        model = load_text_encoder(base.sd_path, variant)
        with torch.no_grad():
            emb = model(torch.tensor([clip_text.DEFAULT_PROMPT_IDS], dtype=torch.int64))
        return emb.numpy().astype(np.float32)
    if base.pipe is not None:
        tokenizer, text_encoder = base.pipe.tokenizer, base.pipe.text_encoder
    else:
        from transformers import CLIPTextModel, CLIPTokenizer
        if base.sd_path is None or not (Path(base.sd_path) / "text_encoder").is_dir():
            raise MergeError("expected text_encoder/ and tokenizer/ in the SD folder to encode the prompt, "
                             "found none (give --prompt-embedding instead)")
        tokenizer = CLIPTokenizer.from_pretrained(str(base.sd_path), subfolder="tokenizer")
        text_encoder = CLIPTextModel.from_pretrained(str(base.sd_path), subfolder="text_encoder")
    ids = tokenizer(prompt, max_length=tokenizer.model_max_length, padding="max_length", truncation=True,
                    return_tensors="pt").input_ids
    with torch.no_grad():
        emb = text_encoder.float().eval()(ids)[0]
    return emb.numpy().astype(np.float32)
