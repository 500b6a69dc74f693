"""Preprocessing parity: the recipe's evaluation path, the app path, and ONNX vs PyTorch.

The numpy part always runs (synthetic photos, plus real HAM10000/ISIC photos when ../shared is
present). The PyTorch part needs the ``train`` extra (torch) and skips without it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PIL import Image

from skinclinic.inference.preprocess import (
    normalize,
    preprocess,
    preprocess_batch,
    resize_and_crop,
)

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "models" / "ham10000-effnetlite0-v1"
RECIPE = PACK / "recipe"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def recipe_data() -> Iterator[ModuleType]:
    """The recipe's torch-free data module (imported by path: the recipe is not a package)."""
    sys.path.insert(0, str(RECIPE))
    try:
        spec = importlib.util.spec_from_file_location("recipe_data", RECIPE / "data.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["recipe_data"] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("recipe_data", None)
        sys.path.remove(str(RECIPE))


def _manifest_input() -> dict[str, object]:
    manifest = json.loads((PACK / "manifest.json").read_text())
    value: dict[str, object] = manifest["input"]
    return value


def _synthetic(width: int, height: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB")


def _sample_paths() -> list[Path]:
    ham = SHARED / "ham10000" / "images"
    isic = SHARED / "isic2017" / "ISIC-2017_Test_v2_Data"
    paths = sorted(ham.glob("*.jpg"))[:3] if ham.is_dir() else []
    paths += sorted(isic.glob("*.jpg"))[:2] if isic.is_dir() else []
    return paths


@pytest.mark.parametrize("size", [(200, 150), (256, 256), (150, 200), (1600, 1200), (33, 17)])
def test_resize_and_crop_shape_and_policy(size: tuple[int, int]) -> None:
    out = resize_and_crop(_synthetic(*size, seed=1), 128, 160)
    assert out.shape == (128, 160, 3)
    assert out.dtype == np.uint8


def test_exact_size_is_untouched() -> None:
    image = _synthetic(160, 128, seed=2)
    assert np.array_equal(resize_and_crop(image, 128, 160), np.asarray(image))


def test_normalize_formula() -> None:
    pixels = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    out = normalize(pixels, (0.5, 0.25, 0.0), (0.5, 2.0, 1.0), 1 / 255)
    assert out.shape == (3, 2, 3)
    assert out.dtype == np.float32
    expected = (
        pixels.transpose(2, 0, 1).astype(np.float64) / 255 - [[[0.5]], [[0.25]], [[0.0]]]
    ) / [
        [[0.5]],
        [[2.0]],
        [[1.0]],
    ]
    np.testing.assert_allclose(out, expected, atol=1e-6)


def test_rejects_non_rgb() -> None:
    with pytest.raises(ValueError, match="RGB"):
        resize_and_crop(Image.new("L", (20, 20)), 8, 8)


def test_recipe_eval_path_equals_app_path(recipe_data: ModuleType, tmp_path: Path) -> None:
    """Photo file → recipe (load_pixels + eval_inputs) and → app (preprocess): identical."""
    spec = recipe_data.input_spec(recipe_data.load_config())
    paths = _sample_paths()
    for i, size in enumerate([(200, 150), (256, 256), (640, 480), (300, 400)]):
        path = tmp_path / f"synthetic_{i}.png"
        _synthetic(*size, seed=10 + i).save(path)
        paths.append(path)
    images = []
    for path in paths:
        recipe = recipe_data.eval_inputs(recipe_data.load_pixels(path, spec), spec)
        with Image.open(path) as im:
            image = im.convert("RGB")
        images.append(image)
        app = preprocess(image, spec.height, spec.width, spec.mean, spec.std, spec.scale)
        assert recipe.shape == (1, 3, spec.height, spec.width)
        assert np.array_equal(recipe[0], app), path.name
    batch = preprocess_batch(images, spec.height, spec.width, spec.mean, spec.std, spec.scale)
    assert np.array_equal(
        batch,
        recipe_data.eval_inputs(np.stack([recipe_data.load_pixels(p, spec) for p in paths]), spec),
    )


def test_manifest_input_matches_recipe(recipe_data: ModuleType) -> None:
    """The app reads input size and normalisation from the manifest: it must be the recipe's."""
    if not (PACK / "manifest.json").exists():
        pytest.skip("pack not exported yet (no manifest.json)")
    spec = recipe_data.input_spec(recipe_data.load_config())
    inp = _manifest_input()
    assert (inp["height"], inp["width"]) == (spec.height, spec.width)
    assert inp["mean"] == list(spec.mean)
    assert inp["std"] == list(spec.std)
    assert inp["scale"] == spec.scale


def test_onnx_matches_pytorch_on_preprocessed_input(recipe_data: ModuleType) -> None:
    torch = pytest.importorskip(
        "torch", reason="torch is a train-only extra (pip install -e .[train]); CI skips this"
    )
    ort = pytest.importorskip("onnxruntime")
    checkpoints = recipe_data.export_checkpoints(recipe_data.load_config())
    missing = [c for c in checkpoints if not c.exists()]
    if missing or not (PACK / "encoder.onnx").exists():
        pytest.skip(f"no training checkpoint at {missing} (run the recipe's train.py)")
    sys.path.insert(0, str(RECIPE))
    try:
        from model import LesionNet, exported  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(RECIPE))
    nets = []
    for checkpoint in checkpoints:
        net = LesionNet(num_classes=7)
        net.load_state_dict(torch.load(checkpoint, map_location="cpu", weights_only=True)["state"])
        nets.append(net)
    model = exported(nets)
    model.eval()
    inp = _manifest_input()
    height, width = int(inp["height"]), int(inp["width"])  # type: ignore[call-overload]
    images = [_synthetic(200, 150, seed=21), _synthetic(256, 256, seed=22)]
    images += [Image.open(p).convert("RGB") for p in _sample_paths()]
    x = preprocess_batch(images, height, width, inp["mean"], inp["std"], inp["scale"])  # type: ignore[arg-type]
    session = ort.InferenceSession(str(PACK / "encoder.onnx"), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    assert names == ["logits", "embedding", "mask_logits"]
    got = session.run(None, {"image": x})
    with torch.no_grad():
        want = [t.numpy() for t in model(torch.from_numpy(x))]
    for name, a, b in zip(names, got, want, strict=True):
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, atol=1e-4, rtol=0, err_msg=name)
