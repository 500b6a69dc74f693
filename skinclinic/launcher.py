"""The `skinclinic` entry point: no arguments opens the desktop app, anything else is the CLI.

It lives apart from skinclinic.cli so that the CLI itself never imports Qt.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        # Loaded by name: Qt (and its ~250 MB) is only touched when the window is wanted.
        gui_app = importlib.import_module("skinclinic.gui.app")
        return int(gui_app.main())
    from skinclinic.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
