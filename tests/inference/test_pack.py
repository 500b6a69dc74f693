"""Model pack checks: a damaged, incomplete or external-data pack never reaches onnxruntime."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from skinclinic.errors import ModelPackError
from skinclinic.inference.onnx_scan import references_external_data
from skinclinic.inference.pack import default_pack_dir, load_pack
from tests.analysis.tiny_pack import build_pack


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return build_pack(tmp_path / "pack")


@pytest.fixture
def no_onnxruntime(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything asks onnxruntime to open a model."""
    from skinclinic.inference.onnx_session import import_onnxruntime

    ort = import_onnxruntime()

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail("onnxruntime.InferenceSession was called on a refused pack")

    monkeypatch.setattr(ort, "InferenceSession", refuse)


def test_valid_pack_loads(pack_dir: Path) -> None:
    pack = load_pack(pack_dir)
    assert pack.pack_id == "tiny-test-pack"
    assert pack.label_codes == ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")
    assert set(pack.file_hashes) == {"encoder.onnx", "ood.npz"}
    assert pack.input.height == 48 and pack.temperature == 1.5
    assert pack.tta_temperature == 1.5  # absent from the manifest: the single-view T
    mean, precision = pack.ood_stats()
    assert mean.shape == (8,) and precision.shape == (8, 8)


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.usefixtures("no_onnxruntime")
@pytest.mark.parametrize("name", ["encoder.onnx", "ood.npz"])
def test_flipped_byte_is_refused(pack_dir: Path, name: str) -> None:
    _flip_byte(pack_dir / name)
    with pytest.raises(ModelPackError, match=rf"{name} does not match its manifest \(sha256"):
        load_pack(pack_dir)


@pytest.mark.usefixtures("no_onnxruntime")
def test_truncated_file_is_refused(pack_dir: Path) -> None:
    path = pack_dir / "encoder.onnx"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ModelPackError, match=r"encoder.onnx does not match.*bytes instead"):
        load_pack(pack_dir)


@pytest.mark.usefixtures("no_onnxruntime")
def test_missing_file_is_refused(pack_dir: Path) -> None:
    (pack_dir / "ood.npz").unlink()
    with pytest.raises(ModelPackError, match=r"ood.npz is missing from the model pack"):
        load_pack(pack_dir)


@pytest.mark.usefixtures("no_onnxruntime")
def test_edited_manifest_hash_is_refused(pack_dir: Path) -> None:
    manifest = json.loads((pack_dir / "manifest.json").read_text())
    manifest["files"]["encoder"]["sha256"] = "0" * 64
    (pack_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelPackError, match=r"encoder.onnx does not match its manifest"):
        load_pack(pack_dir)


@pytest.mark.usefixtures("no_onnxruntime")
@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"format": 2}, "format 2 is not 1"),
        ({"files": {"encoder": {"path": "../x.onnx", "sha256": "0" * 64, "bytes": 1}}}, "ood"),
        ({"calibration": {"method": "temperature", "temperature": 0}}, "positive number"),
        ({"labels": []}, "labels"),
    ],
)
def test_invalid_manifest_is_refused(pack_dir: Path, edit: dict[str, object], message: str) -> None:
    manifest = json.loads((pack_dir / "manifest.json").read_text())
    manifest.update(edit)
    (pack_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelPackError, match=message):
        load_pack(pack_dir)


@pytest.mark.usefixtures("no_onnxruntime")
def test_unsafe_path_is_refused(pack_dir: Path) -> None:
    manifest = json.loads((pack_dir / "manifest.json").read_text())
    manifest["files"]["ood"]["path"] = "../ood.npz"
    (pack_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelPackError, match="unsafe"):
        load_pack(pack_dir)


@pytest.mark.usefixtures("no_onnxruntime")
def test_external_data_is_refused(tmp_path: Path) -> None:
    folder = build_pack(tmp_path / "external", external=True)
    assert (folder / "weights.bin").is_file()
    with pytest.raises(ModelPackError, match=r"encoder\.onnx references external data"):
        load_pack(folder)


def test_scanner_agrees_with_onnx(tmp_path: Path) -> None:
    inline = build_pack(tmp_path / "inline") / "encoder.onnx"
    external = build_pack(tmp_path / "ext", external=True) / "encoder.onnx"
    assert not references_external_data(inline.read_bytes())
    assert references_external_data(external.read_bytes())
    with pytest.raises(ValueError):
        references_external_data(inline.read_bytes()[:-3])


def test_file_swapped_after_loading_is_refused(pack_dir: Path) -> None:
    from skinclinic.inference.vision import VisionModel

    model = VisionModel(load_pack(pack_dir))
    _flip_byte(pack_dir / "encoder.onnx")
    with pytest.raises(ModelPackError, match=r"encoder\.onnx does not match"):
        model.run(np.zeros((1, 3, 48, 64), dtype=np.float32))


def test_missing_manifest_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelPackError, match=r"no manifest\.json"):
        load_pack(tmp_path)


def test_default_pack_dir_finds_a_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "models" / "tiny-test-pack"
    shutil.copytree(build_pack(tmp_path / "src"), target)
    monkeypatch.setenv("SKINCLINIC_MODELS", str(tmp_path / "models"))
    assert default_pack_dir("tiny-test-pack") == target
    with pytest.raises(ModelPackError, match="not installed"):
        default_pack_dir("no-such-pack")


def test_scanner_finds_external_data_inside_a_subgraph() -> None:
    onnx = pytest.importorskip("onnx", reason="building the test model needs `onnx`")
    from onnx import TensorProto, helper, numpy_helper

    value = numpy_helper.from_array(np.ones((4, 4), np.float32), "k")
    branch = helper.make_graph(
        [helper.make_node("Constant", [], ["c"], value=value)],
        "branch",
        [],
        [helper.make_tensor_value_info("c", TensorProto.FLOAT, [4, 4])],
    )
    node = helper.make_node("If", ["cond"], ["out"], then_branch=branch, else_branch=branch)
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("cond", TensorProto.BOOL, [])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [4, 4])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    assert not references_external_data(model.SerializeToString())
    tensor = model.graph.node[0].attribute[0].g.node[0].attribute[0].t
    tensor.ClearField("raw_data")
    tensor.data_location = onnx.TensorProto.EXTERNAL
    assert references_external_data(model.SerializeToString())
