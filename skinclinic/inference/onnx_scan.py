"""Does an ONNX file reference external data? Answered without the ``onnx`` package.

``onnx`` is a training-time dependency only, so the app reads the protobuf wire format itself,
descending only into the messages that can hold a tensor (graph initializers, node attributes,
sub-graphs, functions, training info) and skipping every other field by its length. A tensor
with ``data_location = EXTERNAL`` or any ``external_data`` entry counts as external. Anything
the scanner cannot parse is treated as unsafe (:class:`ValueError`): refusing is the
conservative answer for a file that already passed its sha256 check.
"""

from __future__ import annotations

# Field numbers from onnx.proto (IR version 10). Message kinds:
_MODEL, _GRAPH, _NODE, _ATTR, _TENSOR, _SPARSE, _FUNCTION, _TRAINING = range(8)

# For each message kind: field number -> kind of the sub-message held in that field.
_CHILDREN: dict[int, dict[int, int]] = {
    _MODEL: {7: _GRAPH, 20: _TRAINING, 25: _FUNCTION},
    _TRAINING: {1: _GRAPH, 2: _GRAPH},
    _GRAPH: {1: _NODE, 5: _TENSOR, 15: _SPARSE},
    _NODE: {5: _ATTR},
    _ATTR: {5: _TENSOR, 6: _GRAPH, 10: _TENSOR, 11: _GRAPH, 22: _SPARSE, 23: _SPARSE},
    _SPARSE: {1: _TENSOR, 2: _TENSOR},
    _FUNCTION: {7: _NODE},
    _TENSOR: {},
}
_TENSOR_EXTERNAL_DATA = 13
_TENSOR_DATA_LOCATION = 14
_EXTERNAL = 1
_MAX_DEPTH = 64


def _varint(data: memoryview, pos: int, end: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= end or shift > 63:
            raise ValueError("truncated or malformed varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _scan(data: memoryview, start: int, end: int, kind: int, depth: int) -> bool:
    if depth > _MAX_DEPTH:
        raise ValueError("protobuf nested too deeply")
    children = _CHILDREN[kind]
    pos = start
    while pos < end:
        key, pos = _varint(data, pos, end)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos, end)
            if kind == _TENSOR and field == _TENSOR_DATA_LOCATION and value == _EXTERNAL:
                return True
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = _varint(data, pos, end)
            if pos + length > end:
                raise ValueError("length-delimited field runs past its message")
            if kind == _TENSOR and field == _TENSOR_EXTERNAL_DATA:
                return True
            child = children.get(field)
            if child is not None and _scan(data, pos, pos + length, child, depth + 1):
                return True
            pos += length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    if pos != end:
        raise ValueError("field runs past its message")
    return False


def references_external_data(model: bytes) -> bool:
    """True if any tensor in the ONNX model lives outside the file; ValueError if unparsable."""
    view = memoryview(model)
    return _scan(view, 0, len(view), _MODEL, 0)
