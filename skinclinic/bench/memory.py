"""Peak memory of a `skinclinic` command run in a child process.

The child reports its own VmHWM (the peak resident set of its process image). The parent's
ru_maxrss for children is not that figure: Linux carries the peak across fork/vfork and exec,
so a child started from a large process (a benchmark holding a model, pytest) reports the
parent's size (799 MB instead of 613 MB for `analyze --report`; 1,033 MB instead of 183 MB for
the hostile-corpus import inside a full test run).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

MARKER = "PEAK_RSS_KB"

_LAUNCH = f"""
import re, sys
from pathlib import Path
from skinclinic.launcher import main
code = main(sys.argv[1:])
sys.stdout.flush()
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text())
print("{MARKER}", hwm[1], file=sys.stderr)
raise SystemExit(code)
"""


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path | None = None,
    timeout: float | None = None,
) -> tuple[subprocess.CompletedProcess[str], float | None]:
    """`skinclinic ARGV` in a fresh Python; its result (text output captured) and its own peak
    RSS in MB, or None when it died before reporting it."""
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *argv],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    _, marker, rest = done.stderr.rpartition(MARKER)
    peak_mb = int(rest.split()[0]) / 1024 if marker else None
    return done, peak_mb
