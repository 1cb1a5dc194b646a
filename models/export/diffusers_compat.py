"""Importing diffusers' model classes on any version this tool supports (0.25 .. current).

diffusers 0.25.0 (the version OSEDiff pins) runs on Debian's python3-torch 1.13, but imports
``huggingface_hub`` and ``safetensors``, which Debian lacks. Nothing from them is needed to build models
from a config dict and load weights with :mod:`safetensors_io`, so where they are missing a stub module
that answers any attribute stands in (shared/docs/checked-facts.md). ``from_pretrained`` does not work
with the stub: :func:`sd_models.load_base` reads diffusers folders itself.
"""

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from pathlib import Path

_STUBBED = ("huggingface_hub", "safetensors")


class _Anything(str):
    """A value for any attribute of a stub module: a string (paths, names), callable, subclassable."""

    def __call__(self, *args, **kwargs):
        return _Anything(str(self))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything(name)

    def __mro_entries__(self, bases):
        return (object,)


class _StubModule(types.ModuleType):
    __path__ = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything("/nonexistent/" + name)


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in _STUBBED:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _StubModule(spec.name)

    def exec_module(self, module):
        pass


def _missing(name):
    try:
        importlib.import_module(name)
        return False
    except ImportError:
        return True


def use_diffusers(src=None):
    """Make ``import diffusers`` work: ``src`` (a diffusers ``src/`` folder) first on sys.path, stubs for
    missing hub packages. Returns ``(UNet2DConditionModel, AutoencoderKL)``."""
    if src:
        if not (Path(src) / "diffusers" / "__init__.py").is_file():
            sys.exit(f"error: expected {src}/diffusers/__init__.py (a diffusers src/ folder), found none")
        sys.path.insert(0, str(Path(src).resolve()))
    if any(_missing(n) for n in _STUBBED) and not any(isinstance(f, _StubFinder) for f in sys.meta_path):
        for name in _STUBBED:
            sys.modules.pop(name, None)
        sys.meta_path.insert(0, _StubFinder())
    return model_classes()


def model_classes():
    """UNet2DConditionModel and AutoencoderKL from wherever this diffusers version keeps them."""
    try:
        from diffusers.models.unets.unet_2d_condition import UNet2DConditionModel  # >= 0.26
    except ImportError:
        from diffusers.models.unet_2d_condition import UNet2DConditionModel  # 0.25
    try:
        from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL  # >= 0.25
    except ImportError:
        from diffusers.models.autoencoder_kl import AutoencoderKL
    return UNet2DConditionModel, AutoencoderKL


def hub_is_stubbed():
    """Whether huggingface_hub is the stub (so from_pretrained cannot work)."""
    return isinstance(sys.modules.get("huggingface_hub"), _StubModule)
