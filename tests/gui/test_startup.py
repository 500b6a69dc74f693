"""The window must appear fast: importing the GUI entry point loads no database or model code."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT

HEAVY = ("sqlalchemy", "onnxruntime", "llama_cpp", "numpy", "PIL")


def test_gui_entry_point_imports_nothing_heavy() -> None:
    code = (
        f"import sys, skinclinic.gui.app; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
