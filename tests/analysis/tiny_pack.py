"""A unit-test-only model pack: a hand-built ONNX a few hundred bytes long, NOT a real model.

It follows the pack contract (input "image" [N,3,H,W]; outputs "logits" [N,7], "embedding"
[N,8], "mask_logits" [N,1,H/4,W/4]) so the loader, session and analysis plumbing can be tested
without the trained encoder. Its predictions mean nothing. Building it needs the ``onnx``
package (a training extra); tests that use it skip where it is absent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

LABELS = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"]
HEIGHT, WIDTH, EMBED = 48, 64, 8


def tiny_model() -> Any:
    onnx = pytest.importorskip("onnx", reason="building the test-only ONNX needs `onnx`")
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    inits = [
        numpy_helper.from_array(rng.normal(size=(3, EMBED)).astype(np.float32), "w1"),
        numpy_helper.from_array(rng.normal(size=(EMBED, 7)).astype(np.float32), "w2"),
        numpy_helper.from_array(np.full((1, 3, 4, 4), -1 / 48, dtype=np.float32), "wc"),
        numpy_helper.from_array(np.array([0.5], dtype=np.float32), "bc"),
    ]
    nodes = [
        helper.make_node("GlobalAveragePool", ["image"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["flat"]),
        helper.make_node("MatMul", ["flat", "w1"], ["embedding"]),
        helper.make_node("MatMul", ["embedding", "w2"], ["logits"]),
        helper.make_node("Conv", ["image", "wc", "bc"], ["mask_logits"], strides=[4, 4]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, HEIGHT, WIDTH])],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 7]),
            helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["N", EMBED]),
            helper.make_tensor_value_info(
                "mask_logits", TensorProto.FLOAT, ["N", 1, HEIGHT // 4, WIDTH // 4]
            ),
        ],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _entry(folder: Path, name: str) -> dict[str, Any]:
    data = (folder / name).read_bytes()
    return {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def write_manifest(folder: Path, **overrides: Any) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "format": 1,
        "id": "tiny-test-pack",
        "kind": "vision",
        "name": "unit-test-only pack",
        "version": "0.0.0",
        "files": {"encoder": _entry(folder, "encoder.onnx"), "ood": _entry(folder, "ood.npz")},
        "input": {
            "height": HEIGHT,
            "width": WIDTH,
            "layout": "NCHW",
            "color": "RGB",
            "scale": 1 / 255,
            "mean": [0.0, 0.0, 0.0],
            "std": [1.0, 1.0, 1.0],
        },
        "outputs": {"logits": "logits", "embedding": "embedding", "mask": "mask_logits"},
        "labels": [{"code": c, "name": c.upper()} for c in LABELS],
        "calibration": {"method": "temperature", "temperature": 1.5, "fitted_on": "val"},
        "ood": {"method": "mahalanobis", "threshold": 50.0, "fitted_on": "test-only"},
        "licence": {"weights": "test only", "code": "Apache-2.0"},
        "metrics": {},
    }
    manifest.update(overrides)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def build_pack(folder: Path, *, external: bool = False) -> Path:
    import onnx

    folder.mkdir(parents=True, exist_ok=True)
    model = tiny_model()
    if external:
        onnx.save_model(
            model,
            str(folder / "encoder.onnx"),
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location="weights.bin",
            size_threshold=0,
        )
    else:
        onnx.save_model(model, str(folder / "encoder.onnx"))
    np.savez(folder / "ood.npz", mean=np.zeros(EMBED), precision=np.eye(EMBED))
    write_manifest(folder)
    return folder
