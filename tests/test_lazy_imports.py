"""Importing the CLI loads no heavy library: each is imported by the command that needs it."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("PySide6", "onnxruntime", "llama_cpp", "sqlalchemy", "numpy", "PIL", "torch")


def test_cli_import_loads_nothing_heavy() -> None:
    probe = (
        "import json, sys; import skinclinic.cli, skinclinic.bootstrap, skinclinic.launcher; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert json.loads(out) == []
