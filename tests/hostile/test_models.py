"""A substituted model: another valid ONNX file in place of the shipped encoder is refused by
its hash before onnxruntime opens it (flipped and truncated files: tests/inference)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skinclinic.errors import ModelPackError
from skinclinic.inference.pack import load_pack
from tests.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "models" / "ham10000-effnetlite0-v1"


def _valid_other_onnx() -> bytes:
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 224, 224])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 224, 224])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "other", [x], [y])
    model = helper.make_model(graph)
    onnx.checker.check_model(model)
    return model.SerializeToString()


@pytest.mark.parametrize("same_size", [False, True])
def test_substituted_onnx_is_refused_before_onnxruntime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same_size: bool
) -> None:
    from skinclinic.inference.onnx_session import import_onnxruntime

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail("onnxruntime opened a substituted model")

    monkeypatch.setattr(import_onnxruntime(), "InferenceSession", refuse)
    pack = tmp_path / SHIPPED.name
    shutil.copytree(SHIPPED, pack, ignore=shutil.ignore_patterns("work", "recipe"))
    other = _valid_other_onnx()
    encoder = pack / "encoder.onnx"
    if same_size:  # padded to the shipped size, so only the hash can tell
        other = other + b"\0" * (encoder.stat().st_size - len(other))
    encoder.write_bytes(other)
    with pytest.raises(ModelPackError, match=r"encoder\.onnx does not match its manifest"):
        load_pack(pack)
