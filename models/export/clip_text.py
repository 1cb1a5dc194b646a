"""SD 2.x's CLIP text encoder in plain torch, with transformers' ``CLIPTextModel`` parameter names and math
(eager attention, causal mask of finfo.min, exact GELU for SD 2): used to encode the fixed prompt and to
export the text-encoder template when transformers is not installed (Debian has no package for it).

Only the last hidden state is computed (what SD pipelines and OSEDiff use as the prompt embedding).
"""

import torch
from torch import nn

# stabilityai/stable-diffusion-2-1-base text_encoder/config.json (the OpenCLIP ViT-H text tower cut to 23 layers).
SD21_TEXT_CONFIG = dict(vocab_size=49408, hidden_size=1024, intermediate_size=4096, num_hidden_layers=23,
                        num_attention_heads=16, max_position_embeddings=77, layer_norm_eps=1e-5, hidden_act="gelu")
CI_TEXT_CONFIG = dict(SD21_TEXT_CONFIG, hidden_size=8, intermediate_size=16, num_hidden_layers=2,
                      num_attention_heads=2)
DEFAULT_PROMPT = "clean, high-resolution, 8k, ultra-detailed, ultra-realistic"
# "clean, high-resolution, 8k, ultra-detailed, ultra-realistic" with SD 2.1's tokenizer (shared/docs/osediff-import.md):
# start, 16 tokens, end, then padding id 0 ("!") to 77.
DEFAULT_PROMPT_IDS = [49406, 3772, 267, 1400, 268, 9977, 267, 279, 330, 267, 8118, 268, 12609, 267, 8118, 268,
                      16157, 49407] + [0] * 59


class _Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads, self.head_dim = heads, width // heads
        self.scale = self.head_dim ** -0.5
        self.k_proj, self.v_proj = nn.Linear(width, width), nn.Linear(width, width)
        self.q_proj, self.out_proj = nn.Linear(width, width), nn.Linear(width, width)

    def forward(self, x, mask):
        b, n, w = x.shape

        def heads(t):
            return t.view(b, n, self.heads, self.head_dim).transpose(1, 2).reshape(b * self.heads, n, self.head_dim)
        q = heads(self.q_proj(x) * self.scale)
        k, v = heads(self.k_proj(x)), heads(self.v_proj(x))
        scores = torch.bmm(q, k.transpose(1, 2)).view(b, self.heads, n, n) + mask
        probs = torch.softmax(scores.view(b * self.heads, n, n), dim=-1)
        out = torch.bmm(probs, v).view(b, self.heads, n, self.head_dim).transpose(1, 2).reshape(b, n, w)
        return self.out_proj(out)


class _Mlp(nn.Module):
    def __init__(self, width, inner, act):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(width, inner), nn.Linear(inner, width)
        self.act = act

    def forward(self, x):
        h = self.fc1(x)
        h = nn.functional.gelu(h) if self.act == "gelu" else h * torch.sigmoid(1.702 * h)  # quick_gelu
        return self.fc2(h)


class _Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        w = c["hidden_size"]
        self.self_attn = _Attention(w, c["num_attention_heads"])
        self.layer_norm1 = nn.LayerNorm(w, eps=c["layer_norm_eps"])
        self.mlp = _Mlp(w, c["intermediate_size"], c["hidden_act"])
        self.layer_norm2 = nn.LayerNorm(w, eps=c["layer_norm_eps"])

    def forward(self, x, mask):
        x = x + self.self_attn(self.layer_norm1(x), mask)
        return x + self.mlp(self.layer_norm2(x))


class _Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.token_embedding = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.position_embedding = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])

    def forward(self, ids):
        pos = torch.arange(ids.shape[1], device=ids.device)[None]
        return self.token_embedding(ids) + self.position_embedding(pos)


class _Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layers = nn.ModuleList([_Layer(c) for _ in range(c["num_hidden_layers"])])


class _TextTransformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = _Embeddings(c)
        self.encoder = _Encoder(c)
        self.final_layer_norm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])


class ClipTextModel(nn.Module):
    """``input_ids`` int64 [B, 77] -> last hidden state [B, 77, width] (transformers' ``CLIPTextModel(ids)[0]``)."""

    def __init__(self, config=None):
        super().__init__()
        self.config = dict(config or SD21_TEXT_CONFIG)
        self.text_model = _TextTransformer(self.config)

    def forward(self, input_ids):
        tm = self.text_model
        x = tm.embeddings(input_ids)
        n = input_ids.shape[1]
        mask = torch.full((n, n), torch.finfo(x.dtype).min, dtype=x.dtype, device=x.device).triu(1)[None, None]
        for layer in tm.encoder.layers:
            x = layer(x, mask)
        return tm.final_layer_norm(x)

    def load_hf_state_dict(self, sd):
        """Load a transformers CLIPTextModel state dict (the ``position_ids`` buffer, if present, is dropped
        after checking it is 0..n-1)."""
        sd = dict(sd)
        pos = sd.pop("text_model.embeddings.position_ids", None)
        if pos is not None and not torch.equal(pos.reshape(-1).long(), torch.arange(pos.numel())):
            raise ValueError("text_model.embeddings.position_ids: expected 0..n-1, found other values")
        self.load_state_dict(sd, strict=True)
        return self


def config_from_json(cfg):
    """Our config dict from a transformers text_encoder/config.json dict."""
    return {k: cfg[k] for k in SD21_TEXT_CONFIG}
