"""The Stable Diffusion VAE (AutoencoderKL: encoder + quant_conv, post_quant_conv + decoder) in plain torch.

Same module tree and parameter names as diffusers' ``AutoencoderKL`` (0.25), so a diffusers state dict loads
with ``strict=True`` and gives the same outputs (checked by ``tests/test_vae_torch.py`` when a diffusers
source folder is at .ext/diffusers-0.25.0). Used where no diffusers is at hand: the random-weight test
fixture (models/fixtures/make_vae_fixture.py), the GroupNorm-statistics tests and the tiled-VAE benchmark.

Structure (per SD 2.1's vae/config.json): ResnetBlock2D = GroupNorm, SiLU, conv3x3, GroupNorm, SiLU, conv3x3
(+ 1x1 shortcut when channels change); encoder down blocks of ``layers_per_block`` resnets and a stride-2
conv after a (0,1,0,1) zero pad; a mid block resnet, single-head self-attention (GroupNorm, q/k/v/out
Linear, residual), resnet; GroupNorm, SiLU, conv_out; decoder up blocks of ``layers_per_block + 1`` resnets
and nearest x2 + conv3x3. Every GroupNorm has ``norm_num_groups`` groups and eps 1e-6.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

SD21_VAE = dict(in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2,
                block_out_channels=(128, 256, 512, 512), norm_num_groups=32, scaling_factor=0.18215)


def group_norm(channels, groups):
    return nn.GroupNorm(num_groups=groups, num_channels=channels, eps=1e-6, affine=True)


class ResnetBlock2D(nn.Module):
    def __init__(self, cin, cout, groups):
        super().__init__()
        self.norm1 = group_norm(cin, groups)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.norm2 = group_norm(cout, groups)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.conv_shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        if self.conv_shortcut is not None:
            x = self.conv_shortcut(x)
        return x + h


class Attention(nn.Module):
    """diffusers' VAE mid-block attention: one head over all pixels, GroupNorm first, residual added."""

    def __init__(self, channels, groups):
        super().__init__()
        self.group_norm = group_norm(channels, groups)
        self.to_q = nn.Linear(channels, channels)
        self.to_k = nn.Linear(channels, channels)
        self.to_v = nn.Linear(channels, channels)
        self.to_out = nn.ModuleList([nn.Linear(channels, channels), nn.Dropout(0.0)])
        self.scale = 1.0 / math.sqrt(channels)

    def forward(self, x):
        b, c, h, w = x.shape
        t = x.view(b, c, h * w)
        t = self.group_norm(t).transpose(1, 2)
        q, k, v = self.to_q(t), self.to_k(t), self.to_v(t)
        probs = torch.softmax(torch.bmm(q, k.transpose(1, 2)) * self.scale, dim=-1)
        o = self.to_out[0](torch.bmm(probs, v))
        return x + o.transpose(1, 2).reshape(b, c, h, w)


class MidBlock(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        self.resnets = nn.ModuleList([ResnetBlock2D(channels, channels, groups),
                                      ResnetBlock2D(channels, channels, groups)])
        self.attentions = nn.ModuleList([Attention(channels, groups)])

    def forward(self, x):
        x = self.resnets[0](x)
        x = self.attentions[0](x)
        return self.resnets[1](x)


class Downsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, stride=2, padding=0)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1), mode="constant", value=0.0))


class Upsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


class DownBlock(nn.Module):
    def __init__(self, cin, cout, layers, groups, downsample):
        super().__init__()
        self.resnets = nn.ModuleList([ResnetBlock2D(cin if i == 0 else cout, cout, groups) for i in range(layers)])
        self.downsamplers = nn.ModuleList([Downsample(cout)]) if downsample else None

    def forward(self, x):
        for r in self.resnets:
            x = r(x)
        if self.downsamplers is not None:
            x = self.downsamplers[0](x)
        return x


class UpBlock(nn.Module):
    def __init__(self, cin, cout, layers, groups, upsample):
        super().__init__()
        self.resnets = nn.ModuleList([ResnetBlock2D(cin if i == 0 else cout, cout, groups) for i in range(layers)])
        self.upsamplers = nn.ModuleList([Upsample(cout)]) if upsample else None

    def forward(self, x):
        for r in self.resnets:
            x = r(x)
        if self.upsamplers is not None:
            x = self.upsamplers[0](x)
        return x


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        ch, g, n = list(cfg["block_out_channels"]), cfg["norm_num_groups"], cfg["layers_per_block"]
        self.conv_in = nn.Conv2d(cfg["in_channels"], ch[0], 3, padding=1)
        self.down_blocks = nn.ModuleList(
            [DownBlock(ch[max(i - 1, 0)], ch[i], n, g, i < len(ch) - 1) for i in range(len(ch))])
        self.mid_block = MidBlock(ch[-1], g)
        self.conv_norm_out = group_norm(ch[-1], g)
        self.conv_out = nn.Conv2d(ch[-1], 2 * cfg["latent_channels"], 3, padding=1)

    def forward(self, x):
        x = self.conv_in(x)
        for b in self.down_blocks:
            x = b(x)
        x = self.mid_block(x)
        return self.conv_out(F.silu(self.conv_norm_out(x)))


class Decoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        ch, g, n = list(reversed(cfg["block_out_channels"])), cfg["norm_num_groups"], cfg["layers_per_block"]
        self.conv_in = nn.Conv2d(cfg["latent_channels"], ch[0], 3, padding=1)
        self.mid_block = MidBlock(ch[0], g)
        self.up_blocks = nn.ModuleList(
            [UpBlock(ch[max(i - 1, 0)], ch[i], n + 1, g, i < len(ch) - 1) for i in range(len(ch))])
        self.conv_norm_out = group_norm(ch[-1], g)
        self.conv_out = nn.Conv2d(ch[-1], cfg["out_channels"], 3, padding=1)

    def forward(self, z):
        x = self.mid_block(self.conv_in(z))
        for b in self.up_blocks:
            x = b(x)
        return self.conv_out(F.silu(self.conv_norm_out(x)))


class AutoencoderKL(nn.Module):
    """Parameter names as diffusers' AutoencoderKL; ``config`` as a plain dict."""

    def __init__(self, **cfg):
        super().__init__()
        self.config = dict(SD21_VAE, **cfg)
        c = self.config["latent_channels"]
        self.encoder = Encoder(self.config)
        self.decoder = Decoder(self.config)
        self.quant_conv = nn.Conv2d(2 * c, 2 * c, 1)
        self.post_quant_conv = nn.Conv2d(c, c, 1)

    @property
    def factor(self):
        return 2 ** (len(self.config["block_out_channels"]) - 1)


class EncoderMean(nn.Module):
    """Encoder + quant_conv -> the latent mean (unscaled), as sd_models.EncoderMean."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, image):
        return self.vae.quant_conv(self.vae.encoder(image))[:, : self.vae.config["latent_channels"]]


class DecoderImage(nn.Module):
    """post_quant_conv + decoder, as sd_models.Decoder."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent):
        return self.vae.decoder(self.vae.post_quant_conv(latent))


def random_vae(seed=0, affine_noise=0.1, **cfg):
    """A VAE with torch's default random initialisation (seeded); GroupNorm weights and biases get
    ``affine_noise`` of random spread so that the edit's handling of them is exercised."""
    torch.manual_seed(seed)
    vae = AutoencoderKL(**cfg).eval()
    with torch.no_grad():
        for m in vae.modules():
            if isinstance(m, nn.GroupNorm) and affine_noise:
                m.weight.add_(torch.randn_like(m.weight) * affine_noise)
                m.bias.add_(torch.randn_like(m.bias) * affine_noise)
    return vae


def group_norms(module):
    """The GroupNorm modules in the order the forward pass (and so the ONNX graph) runs them."""
    order = []
    hooks = [m.register_forward_pre_hook(lambda mod, inp: order.append(mod))
             for m in module.modules() if isinstance(m, nn.GroupNorm)]
    return order, hooks
