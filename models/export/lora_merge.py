"""Exact LoRA merge math for peft-style LoRA weights (no diffusers, no peft).

peft (0.9, as pinned by OSEDiff) computes a LoRA layer as ``base(x) + s * B(A(x))`` with
``s = lora_alpha / rank``. Folding that into the base weight gives:

* Linear ``W[out, in]``:            ``W += s * (B[out, r] @ A[r, in])``
* 1x1 conv ``W[out, in, 1, 1]``:    the same on ``[:, :, 0, 0]``
* kxk conv ``W[out, in, k, k]``:    ``W += s * conv2d(A.permute(1, 0, 2, 3), B).permute(1, 0, 2, 3)``
  (A is the k x k conv ``[r, in, k, k]`` with the layer's stride/padding, B the 1x1 conv ``[out, r, 1, 1]``)

The base layer's bias is untouched (peft's lora_A/lora_B have no bias).
"""

import re

import torch

# peft adapter keys: "<module>.lora_A.<adapter>.weight" (peft in-model naming, as in OSEDiff's
# osediff.pkl) or "<module>.lora_A.weight" (peft's saved-adapter naming).
_LORA_KEY = re.compile(r"^(?P<module>.+)\.lora_(?P<ab>[AB])(?:\.(?P<adapter>[^.]+))?\.weight$")


class MergeError(ValueError):
    """A LoRA or checkpoint does not fit the base model; the message says 'expected X, found Y'."""


def _shape(t):
    return list(t.shape)


def group_lora_pairs(state_dict):
    """Group peft LoRA tensors by the module they adapt.

    Returns ``{module_name: (lora_A, lora_B)}``. Keys that are not LoRA keys are ignored; a module
    with only one of A/B, or with the same matrix from two adapters, raises MergeError.
    """
    found = {}
    for key, tensor in state_dict.items():
        m = _LORA_KEY.match(key)
        if m is None:
            continue
        slot = found.setdefault(m.group("module"), {})
        if m.group("ab") in slot:
            raise MergeError(f"expected one lora_{m.group('ab')} for module {m.group('module')}, "
                             f"found a second one in key {key}")
        slot[m.group("ab")] = tensor
    pairs = {}
    for module, slot in sorted(found.items()):
        if set(slot) != {"A", "B"}:
            raise MergeError(f"expected lora_A and lora_B for module {module}, found only lora_{''.join(slot)}")
        pairs[module] = (slot["A"], slot["B"])
    return pairs


def _check_pair(name, weight_shape, lora_a, lora_b):
    """Check A/B shapes against the base weight; return the rank."""
    rank = lora_a.shape[0]
    if len(weight_shape) == 2:
        want_a, want_b = [rank, weight_shape[1]], [weight_shape[0], rank]
    elif len(weight_shape) == 4:
        want_a = [rank, weight_shape[1], weight_shape[2], weight_shape[3]]
        want_b = [weight_shape[0], rank, 1, 1]
    else:
        raise MergeError(f"{name}: expected a Linear or Conv2d weight (2 or 4 dims), found shape {weight_shape}")
    if _shape(lora_a) != want_a:
        raise MergeError(f"{name}.lora_A: expected shape {want_a}, found {_shape(lora_a)}")
    if _shape(lora_b) != want_b:
        raise MergeError(f"{name}.lora_B: expected shape {want_b}, found {_shape(lora_b)}")
    return rank


def lora_delta(weight_shape, lora_a, lora_b, scale):
    """The weight update ``s * B A`` for a base weight of ``weight_shape``, in float64.

    All three layer kinds are one product: ``delta[o, j] = sum_k B[o, k] * A[k, j]`` over A flattened to
    ``[r, in*k*k]`` (for a k x k conv this is exactly ``conv2d(A.permute(1, 0, 2, 3), B).permute(1, 0, 2, 3)``).
    The sum runs over k in order, one term at a time, so the float64 result does not depend on a BLAS's
    summation order: the app's Java merge (io.sharpstep.weights.LoraMerge) repeats it bit for bit. Products
    of float32 (or float16/bfloat16) values are exact in float64; only the additions round.
    """
    rank = lora_a.shape[0]
    a = lora_a.detach().to(torch.float64).reshape(rank, -1)
    b = lora_b.detach().to(torch.float64).reshape(lora_b.shape[0], rank)
    acc = b[:, 0:1] * a[0:1, :]
    for k in range(1, rank):
        acc = acc + b[:, k:k + 1] * a[k:k + 1, :]
    return (scale * acc).reshape(list(weight_shape))


def merge_lora(name, weight, lora_a, lora_b, lora_alpha, expected_rank=None):
    """Return ``weight + (lora_alpha / rank) * B A`` in ``weight``'s dtype (computed in float64)."""
    rank = _check_pair(name, _shape(weight), lora_a, lora_b)
    if expected_rank is not None and rank != expected_rank:
        raise MergeError(f"{name}: expected LoRA rank {expected_rank}, found {rank}")
    delta = lora_delta(_shape(weight), lora_a, lora_b, lora_alpha / rank)
    return (weight.detach().to(torch.float64) + delta).to(weight.dtype)


def merge_into_state_dict(state_dict, pairs, lora_alpha, expected_rank=None):
    """Merge ``{module: (A, B)}`` into a base model ``state_dict`` (module weights at '<module>.weight').

    Returns a new dict; raises MergeError naming the first module that does not fit.
    """
    merged = dict(state_dict)
    for module, (lora_a, lora_b) in pairs.items():
        key = module + ".weight"
        if key not in state_dict:
            raise MergeError(f"expected base weight {key} for the LoRA of module {module}, found no such key")
        merged[key] = merge_lora(module, state_dict[key], lora_a, lora_b, lora_alpha, expected_rank)
    return merged
