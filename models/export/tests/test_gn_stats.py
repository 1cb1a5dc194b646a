"""The GroupNorm-statistics graph edit (gn_stats.py) on small VAEs of the real structure.

Graphs run in tests/onnx_eval.py (Debian has no onnxruntime for Python; the Java tests run the edited
fixture graphs in ONNX Runtime). Inputs are photo-like (smooth shading, edges, texture), not noise.
"""

import io
import os
import sys
import unittest

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import gn_stats  # noqa: E402
import onnx_eval  # noqa: E402
import vae_torch  # noqa: E402

CFG = dict(block_out_channels=(32, 64), layers_per_block=1, norm_num_groups=8)  # 4-8 channels per group


def photo_like(h, w, seed):
    """[1,3,h,w] in [-1,1]: a shaded background, a few hard-edged discs, fine texture."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w] / max(h, w)
    img = np.stack([0.3 + 0.5 * xx, 0.2 + 0.6 * yy, 0.7 - 0.4 * (xx + yy) / 2])
    for _ in range(4):
        cy, cx, r = rng.random(), rng.random(), 0.1 + 0.2 * rng.random()
        img[:, (yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = rng.random((3, 1))
    img += 0.05 * np.sin(xx * 90) * np.sin(yy * 70)
    return (img[None] * 2 - 1).astype(np.float32)


def export(module, example, in_name, out_name):
    f = io.BytesIO()
    torch.onnx.export(module, (example,), f, opset_version=17, input_names=[in_name], output_names=[out_name],
                      dynamic_axes={in_name: {2: "h", 3: "w"}, out_name: {2: "oh", 3: "ow"}},
                      do_constant_folding=True)
    return onnx.load_from_string(f.getvalue())


class GivenStats:
    """Patches every GroupNorm of a torch module: record each layer's input statistics (over the pixels where
    ``weight`` is 1, if given) and normalise with ``given`` [L,2,G] mixed in by ``mix`` [L]."""

    def __init__(self, module, given=None, mix=None, weight=None):
        self.norms = [m for m in module.modules() if isinstance(m, nn.GroupNorm)]
        self.given, self.mix, self.weight = given, mix, weight
        self.stats, self.order = [], []

    def __enter__(self):
        self.saved = [m.forward for m in self.norms]
        for m in self.norms:
            m.forward = (lambda mod: (lambda x: self._norm(mod, x)))(m)
        return self

    def __exit__(self, *exc):
        for m, f in zip(self.norms, self.saved):
            m.forward = f

    def _norm(self, mod, x):
        k = len(self.stats)
        g = mod.num_groups
        xr = x.reshape(1, g, -1, int(np.prod(x.shape[2:]))).double()
        if self.weight is not None:
            w = torch.from_numpy(self.weight).double()
            if x.dim() == 4:
                rep = x.shape[2] // w.shape[2]
                w = w.repeat_interleave(rep, 2).repeat_interleave(rep, 3)
            w = w.reshape(1, 1, 1, -1)
        else:
            w = torch.ones(1, 1, 1, xr.shape[3], dtype=torch.float64)
        total = w.sum() * xr.shape[2]
        mu = (xr * w).sum(dim=(2, 3)) / total
        var = (((xr - mu[..., None, None]) ** 2) * w).sum(dim=(2, 3)) / total
        self.stats.append(torch.stack([mu[0], var[0]]).numpy())
        if self.given is not None:
            m = float(self.mix[k])
            mu = mu + m * (torch.from_numpy(self.given[k, 0]).double()[None] - mu)
            var = var + m * (torch.from_numpy(self.given[k, 1]).double()[None] - var)
        y = (xr - mu[..., None, None]) / torch.sqrt(var[..., None, None] + mod.eps)
        y = y.reshape(x.shape).to(x.dtype)
        shape = [1, -1] + [1] * (x.dim() - 2)
        return y * mod.weight.reshape(shape) + mod.bias.reshape(shape)


def feeds(name, value, layers, groups, lh, lw, given=None, mix=0.0, weight=None):
    return {name: value,
            "gn_mean": np.zeros((layers, groups), np.float32) if given is None else given[:, 0].astype(np.float32),
            "gn_var": np.zeros((layers, groups), np.float32) if given is None else given[:, 1].astype(np.float32),
            "gn_mix": np.full(layers, mix, np.float32),
            "gn_weight": np.ones((1, 1, lh, lw), np.float32) if weight is None else weight}


class EditTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(0)
        cls.vae = vae_torch.random_vae(3, **CFG)
        cls.enc = vae_torch.EncoderMean(cls.vae)
        cls.dec = vae_torch.DecoderImage(cls.vae)
        f = cls.vae.factor
        cls.graphs = {}
        for part, module, example, names in (
                ("encoder", cls.enc, torch.zeros(1, 3, 6 * f, 4 * f), ("image", "latent_mean")),
                ("decoder", cls.dec, torch.zeros(1, 4, 6, 4), ("latent", "image"))):
            plain = export(module, example, *names)
            edited, layers, groups = gn_stats.edit(plain)
            onnx.checker.check_model(edited)
            cls.graphs[part] = (plain, edited, layers, groups, names)
        cls.image = photo_like(12 * f, 10 * f, 1)
        with torch.no_grad():
            cls.latent = cls.enc(torch.from_numpy(cls.image)).numpy()

    def cases(self):
        f = self.vae.factor
        yield "encoder", self.enc, self.image, self.image.shape[2] // f, self.image.shape[3] // f
        yield "decoder", self.dec, self.latent, self.latent.shape[2], self.latent.shape[3]

    def test_counts_every_group_norm(self):
        # Encoder: 2 levels x 1 resnet x 2 + mid (2 resnets x 2 + attention) + out = 10;
        # decoder: mid 5 + 2 levels x 2 resnets x 2 + out = 14.
        self.assertEqual(self.graphs["encoder"][2:4], (10, 8))
        self.assertEqual(self.graphs["decoder"][2:4], (14, 8))
        for plain, edited, *_ in self.graphs.values():
            self.assertFalse(any(n.op_type == "InstanceNormalization" for n in edited.graph.node))
            self.assertEqual([i.name for i in edited.graph.input][1:], list(gn_stats.INPUTS))
            self.assertEqual(edited.graph.output[-1].name, "gn_stats")

    def test_drops_constants_left_unused(self):
        for plain, edited, *_ in self.graphs.values():
            used = {i for n in edited.graph.node for i in n.input}
            self.assertTrue(all(t.name in used for t in edited.graph.initializer))
            self.assertTrue(all(n.output[0] in used or n.op_type != "Constant" for n in edited.graph.node))
            sizes = [sum(t.ByteSize() for t in m.graph.initializer) for m in (plain, edited)]
            self.assertLessEqual(sizes[1], sizes[0])

    def test_mix_zero_equals_the_unedited_graph(self):
        for part, module, x, lh, lw in self.cases():
            plain, edited, layers, groups, (iname, oname) = self.graphs[part]
            a = onnx_eval.run(plain, {iname: x})[oname]
            b = onnx_eval.run(edited, feeds(iname, x, layers, groups, lh, lw, mix=0.0))[oname]
            with torch.no_grad():
                t = module(torch.from_numpy(x)).numpy()
            print(f"{part}: mix 0 vs unedited max |d| {np.abs(a - b).max():.2e}, vs torch {np.abs(t - b).max():.2e}")
            self.assertLessEqual(np.abs(a - b).max(), 1e-4)
            self.assertLessEqual(np.abs(t - b).max(), 1e-4)

    def test_stats_match_torch_and_feeding_them_back_reproduces_the_run(self):
        for part, module, x, lh, lw in self.cases():
            plain, edited, layers, groups, (iname, oname) = self.graphs[part]
            run = onnx_eval.run(edited, feeds(iname, x, layers, groups, lh, lw))
            with GivenStats(module) as rec, torch.no_grad():
                module(torch.from_numpy(x))
            want = np.stack(rec.stats)
            got = run["gn_stats"]
            self.assertEqual(got.shape, (layers, 2, groups))
            rel = np.abs(got - want).max() / np.abs(want).max()
            print(f"{part}: gn_stats vs torch rel {rel:.2e}")
            self.assertLessEqual(rel, 1e-5)
            again = onnx_eval.run(edited, feeds(iname, x, layers, groups, lh, lw, given=got, mix=1.0))
            self.assertLessEqual(np.abs(again[oname] - run[oname]).max(), 1e-5)
            self.assertLessEqual(np.abs(again["gn_stats"] - got).max(), 1e-5 * np.abs(got).max())

    def test_given_statistics_and_pixel_weights_follow_their_definition(self):
        # Statistics of another image, half mixed in at odd layers; weights 1 on a block of latent pixels.
        for part, module, x, lh, lw in self.cases():
            plain, edited, layers, groups, (iname, oname) = self.graphs[part]
            with GivenStats(module) as rec, torch.no_grad():
                other = photo_like(x.shape[2], x.shape[3], 9) if part == "encoder" else x[:, :, ::-1].copy()
                module(torch.from_numpy(other * 0.5))
            given = np.stack(rec.stats)
            mix = np.where(np.arange(layers) % 2 == 1, 0.5, 1.0).astype(np.float32)
            weight = np.zeros((1, 1, lh, lw), np.float32)
            weight[:, :, 2:lh - 3, 1:lw - 4] = 1
            fd = feeds(iname, x, layers, groups, lh, lw, given=given, weight=weight)
            fd["gn_mix"] = mix
            run = onnx_eval.run(edited, fd)
            with GivenStats(module, given, mix, weight) as rec, torch.no_grad():
                want_out = module(torch.from_numpy(x)).numpy()
            want = np.stack(rec.stats)
            self.assertLessEqual(np.abs(run[oname] - want_out).max(), 1e-4)
            self.assertLessEqual(np.abs(run["gn_stats"] - want).max() / np.abs(want).max(), 1e-5)

    def test_float16_graph_keeps_float32_statistics(self):
        g, c = 4, 8
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT16, [1, c, "h", "w"])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT16, [1, c, "h", "w"])
        inits = [numpy_helper.from_array(np.array([0, g, -1], np.int64), "shape"),
                 numpy_helper.from_array(np.ones(g, np.float16), "ones"),
                 numpy_helper.from_array(np.zeros(g, np.float16), "zeros"),
                 numpy_helper.from_array(np.linspace(0.5, 1.5, c).astype(np.float16).reshape(c, 1, 1), "gamma"),
                 numpy_helper.from_array(np.linspace(-1, 1, c).astype(np.float16).reshape(c, 1, 1), "beta")]
        nodes = [helper.make_node("Reshape", ["x", "shape"], ["xr"]),
                 helper.make_node("InstanceNormalization", ["xr", "ones", "zeros"], ["n"], epsilon=1e-6),
                 helper.make_node("Shape", ["x"], ["xs"]),
                 helper.make_node("Reshape", ["n", "xs"], ["nb"]),
                 helper.make_node("Mul", ["nb", "gamma"], ["m"]),
                 helper.make_node("Add", ["m", "beta"], ["y"])]
        model = helper.make_model(helper.make_graph(nodes, "gn16", [x], [y], inits),
                                  opset_imports=[helper.make_opsetid("", 17)])
        edited, layers, groups = gn_stats.edit(model)
        onnx.checker.check_model(edited)
        types = {i.name: i.type.tensor_type.elem_type for i in list(edited.graph.input) + list(edited.graph.output)}
        self.assertEqual(types["x"], TensorProto.FLOAT16)
        self.assertEqual(types["y"], TensorProto.FLOAT16)
        for name in gn_stats.INPUTS + (gn_stats.OUTPUT,):
            self.assertEqual(types[name], TensorProto.FLOAT, name)
        self.assertTrue(any(n.op_type == "Cast" and n.attribute[0].i == TensorProto.FLOAT for n in edited.graph.node))
        xv = (np.random.default_rng(0).standard_normal((1, c, 5, 6)) * 30 + 100).astype(np.float16)
        run = onnx_eval.run(edited, feeds("x", xv, 1, g, 5, 6), float_type=torch.float32)
        xr = xv.astype(np.float64).reshape(1, g, -1)
        np.testing.assert_allclose(run["gn_stats"][0, 0], xr.mean(axis=2)[0], rtol=1e-5)
        np.testing.assert_allclose(run["gn_stats"][0, 1], xr.var(axis=2)[0], rtol=1e-4)
        ref = F.group_norm(torch.from_numpy(xv).double(), g, torch.linspace(0.5, 1.5, c).half().double(),
                           torch.linspace(-1, 1, c).half().double(), 1e-6).numpy()
        self.assertLessEqual(np.abs(run["y"].astype(np.float64) - ref).max(), 4e-3)

    def test_refuses_a_graph_without_group_norms_or_edited_twice(self):
        plain, edited, *_ = self.graphs["decoder"]
        with self.assertRaises(gn_stats.EditError):
            gn_stats.edit(edited)
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])
        model = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x],
                                                    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])]))
        with self.assertRaisesRegex(gn_stats.EditError, "found none"):
            gn_stats.edit(model)


if __name__ == "__main__":
    unittest.main()
