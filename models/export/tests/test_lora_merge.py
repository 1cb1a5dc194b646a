"""Merge math vs the unmerged base + LoRA forward (peft's formula), on tiny tensors. torch + numpy only.

    /usr/bin/python3 -m unittest discover -s models/export/tests -v
"""

import sys
import unittest
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checkpoints import apply_update, load_osediff  # noqa: E402
from lora_merge import MergeError, group_lora_pairs, merge_into_state_dict, merge_lora  # noqa: E402

ALPHA, RANK = 8.0, 4
TOL = 1e-5


def gen():
    return torch.Generator().manual_seed(1234)


def setUpModule():
    # float64 so the comparison measures the merge math, not float32 rounding of the two forwards
    torch.set_default_dtype(torch.float64)


def tearDownModule():
    torch.set_default_dtype(torch.float32)


class MergeMathTest(unittest.TestCase):
    """Merged weight forward == base forward + s * B(A(x)), s = alpha / rank."""

    def test_linear(self):
        g = gen()
        w, bias = torch.randn(12, 10, generator=g), torch.randn(12, generator=g)
        a, b = torch.randn(RANK, 10, generator=g), torch.randn(12, RANK, generator=g)
        x = torch.randn(5, 10, generator=g)
        unmerged = F.linear(x, w, bias) + (ALPHA / RANK) * F.linear(F.linear(x, a), b)
        merged = F.linear(x, merge_lora("lin", w, a, b, ALPHA), bias)
        self.assertLessEqual((merged - unmerged).abs().max().item(), TOL)

    def test_conv_1x1(self):
        g = gen()
        w, bias = torch.randn(8, 6, 1, 1, generator=g), torch.randn(8, generator=g)
        a, b = torch.randn(RANK, 6, 1, 1, generator=g), torch.randn(8, RANK, 1, 1, generator=g)
        x = torch.randn(2, 6, 7, 9, generator=g)
        unmerged = F.conv2d(x, w, bias) + (ALPHA / RANK) * F.conv2d(F.conv2d(x, a), b)
        merged = F.conv2d(x, merge_lora("c1", w, a, b, ALPHA), bias)
        self.assertLessEqual((merged - unmerged).abs().max().item(), TOL)

    def test_conv_3x3_padding_and_stride(self):
        g = gen()
        w, bias = torch.randn(8, 6, 3, 3, generator=g), torch.randn(8, generator=g)
        a, b = torch.randn(RANK, 6, 3, 3, generator=g), torch.randn(8, RANK, 1, 1, generator=g)
        x = torch.randn(2, 6, 11, 9, generator=g)
        for stride in (1, 2):
            unmerged = (F.conv2d(x, w, bias, stride=stride, padding=1)
                        + (ALPHA / RANK) * F.conv2d(F.conv2d(x, a, stride=stride, padding=1), b))
            merged = F.conv2d(x, merge_lora("c3", w, a, b, ALPHA), bias, stride=stride, padding=1)
            self.assertLessEqual((merged - unmerged).abs().max().item(), TOL, f"stride {stride}")

    def test_alpha_override_and_dtype_kept(self):
        g = gen()
        w = torch.randn(4, 3, generator=g).half()  # merged in float64, stored back in the weight's dtype
        a, b = torch.randn(2, 3, generator=g), torch.randn(4, 2, generator=g)
        merged = merge_lora("lin", w, a, b, lora_alpha=2.0)
        self.assertEqual(merged.dtype, torch.float16)
        want = w.double() + (2.0 / 2) * (b.double() @ a.double())
        self.assertLessEqual((merged.double() - want).abs().max().item(), 1e-2)


class SummationOrderTest(unittest.TestCase):
    """The explicit in-order sum equals the matmul / conv2d formulas up to float64 rounding."""

    def test_same_as_matmul_and_conv(self):
        from lora_merge import lora_delta
        g = gen()
        a, b = torch.randn(RANK, 6, 3, 3, generator=g), torch.randn(8, RANK, 1, 1, generator=g)
        conv = F.conv2d(a.permute(1, 0, 2, 3), b).permute(1, 0, 2, 3) * 2.0
        self.assertLessEqual((lora_delta([8, 6, 3, 3], a, b, 2.0) - conv).abs().max().item(), 1e-12)
        a2, b2 = torch.randn(RANK, 10, generator=g), torch.randn(12, RANK, generator=g)
        self.assertLessEqual((lora_delta([12, 10], a2, b2, 2.0) - 2.0 * (b2 @ a2)).abs().max().item(), 1e-12)

    def test_order_is_sequential(self):
        from lora_merge import lora_delta
        a = torch.tensor([[1.0], [1e-16], [-1.0], [1e-16]], dtype=torch.float64)
        b = torch.tensor([[1.0, 1.0, 1.0, 1.0]], dtype=torch.float64)
        # ((1 + 1e-16) - 1) + 1e-16 = 1e-16 in float64 (1 + 1e-16 rounds to 1); pairwise would give 2e-16
        self.assertEqual(lora_delta([1, 1], a, b, 1.0).item(), 1e-16)


class ErrorTest(unittest.TestCase):
    """Shape and key mismatches stop with one 'expected X, found Y' message."""

    def test_shape_mismatch(self):
        w = torch.zeros(12, 10)
        with self.assertRaises(MergeError) as ctx:
            merge_lora("down_blocks.0.attn1.to_q", w, torch.zeros(RANK, 11), torch.zeros(12, RANK), ALPHA)
        self.assertEqual(str(ctx.exception),
                         "down_blocks.0.attn1.to_q.lora_A: expected shape [4, 10], found [4, 11]")

    def test_rank_mismatch(self):
        with self.assertRaises(MergeError) as ctx:
            merge_lora("m", torch.zeros(3, 3), torch.zeros(2, 3), torch.zeros(3, 2), ALPHA, expected_rank=4)
        self.assertEqual(str(ctx.exception), "m: expected LoRA rank 4, found 2")

    def test_missing_base_key(self):
        pairs = {"nope": (torch.zeros(RANK, 3), torch.zeros(3, RANK))}
        with self.assertRaises(MergeError) as ctx:
            merge_into_state_dict({"other.weight": torch.zeros(3, 3)}, pairs, ALPHA)
        self.assertIn("expected base weight nope.weight", str(ctx.exception))

    def test_half_pair(self):
        with self.assertRaises(MergeError) as ctx:
            group_lora_pairs({"x.lora_A.default.weight": torch.zeros(1, 1)})
        self.assertEqual(str(ctx.exception), "expected lora_A and lora_B for module x, found only lora_A")


class OsediffFormatTest(unittest.TestCase):
    """A tiny osediff.pkl in OSEDiff's save_model layout merges like the unmerged forward."""

    def test_roundtrip(self):
        import tempfile
        g = gen()
        base_unet = {"conv_in.weight": torch.randn(6, 4, 3, 3, generator=g), "conv_in.bias": torch.zeros(6),
                     "mid.to_q.weight": torch.randn(5, 6, generator=g)}
        base_vae = {"quant_conv.weight": torch.randn(8, 8, 1, 1, generator=g), "quant_conv.bias": torch.zeros(8)}
        tuned = torch.randn(6, 4, 3, 3, generator=g)
        ckpt = {
            "unet_lora_encoder_modules": ["conv_in"], "unet_lora_decoder_modules": [],
            "unet_lora_others_modules": ["mid.to_q"], "vae_lora_encoder_modules": ["quant_conv", "quant_conv"],
            "rank_unet": RANK, "rank_vae": RANK,
            "state_dict_unet": {
                "conv_in.base_layer.weight": tuned, "conv_in.base_layer.bias": torch.ones(6),
                "conv_in.lora_A.default_encoder.weight": torch.randn(RANK, 4, 3, 3, generator=g),
                "conv_in.lora_B.default_encoder.weight": torch.randn(6, RANK, 1, 1, generator=g),
                "mid.to_q.lora_A.default_others.weight": torch.randn(RANK, 6, generator=g),
                "mid.to_q.lora_B.default_others.weight": torch.randn(5, RANK, generator=g)},
            "state_dict_vae": {
                "quant_conv.lora_A.default_encoder.weight": torch.randn(RANK, 8, 1, 1, generator=g),
                "quant_conv.lora_B.default_encoder.weight": torch.randn(8, RANK, 1, 1, generator=g)},
        }
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "osediff.pkl"
            torch.save(ckpt, path)
            update = load_osediff(path)
        unet, vae = apply_update(base_unet, base_vae, update, ALPHA)
        sd = ckpt["state_dict_unet"]
        x = torch.randn(1, 4, 8, 8, generator=g)
        want = (F.conv2d(x, tuned, torch.ones(6), padding=1) + (ALPHA / RANK) * F.conv2d(
            F.conv2d(x, sd["conv_in.lora_A.default_encoder.weight"], padding=1), sd["conv_in.lora_B.default_encoder.weight"]))
        got = F.conv2d(x, unet["conv_in.weight"], unet["conv_in.bias"], padding=1)
        self.assertLessEqual((got - want).abs().max().item(), TOL)
        self.assertFalse(torch.equal(vae["quant_conv.weight"], base_vae["quant_conv.weight"]))

        ckpt["state_dict_unet"]["mid.to_q.lora_B.default_others.weight"] = torch.zeros(7, RANK)
        with tempfile.TemporaryDirectory() as tmp:
            torch.save(ckpt, Path(tmp) / "bad.pkl")
            update = load_osediff(Path(tmp) / "bad.pkl")
        with self.assertRaises(MergeError) as ctx:
            apply_update(base_unet, base_vae, update, ALPHA)
        self.assertEqual(str(ctx.exception), "mid.to_q.lora_B: expected shape [5, 4], found [7, 4]")


if __name__ == "__main__":
    unittest.main()
