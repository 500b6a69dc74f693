"""The one way the app imports onnxruntime and opens a session.

onnxruntime 1.32's native library starts a telemetry client when it is loaded, which writes a
device id and an event database under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime`` (or
``$XDG_CACHE_HOME/Microsoft/...``), outside the app's data home. The library reads the
``ORT_DISABLE_TELEMETRY`` environment variable when it loads, so it must be set *before* the
first import; ``disable_telemetry_events()`` afterwards is a second lock on the same door.
Every module that needs onnxruntime imports it through :func:`import_onnxruntime`.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

TELEMETRY_ENV = "ORT_DISABLE_TELEMETRY"


def import_onnxruntime() -> Any:
    """Import onnxruntime with its telemetry (and the files it writes) turned off."""
    if "onnxruntime" not in sys.modules:
        os.environ[TELEMETRY_ENV] = "1"
    elif os.environ.get(TELEMETRY_ENV) != "1":
        # Imported by someone else first: too late to stop the files on load; say so once.
        warnings.warn(
            "onnxruntime was imported before SkinClinic could disable its telemetry; "
            f"set {TELEMETRY_ENV}=1 before starting",
            RuntimeWarning,
            stacklevel=2,
        )
    import onnxruntime as ort

    ort.disable_telemetry_events()
    ort.set_default_logger_severity(3)  # errors only: warnings about graph fusions are noise
    return ort


def cpu_session(model_bytes: bytes, *, threads: int) -> Any:
    """A CPU-only session over an in-memory model (the bytes whose hash was just checked)."""
    ort = import_onnxruntime()
    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Don't spin idle threads: the GUI and the language model share the same two cores.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(
        model_bytes, sess_options=options, providers=["CPUExecutionProvider"]
    )
