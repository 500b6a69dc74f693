"""Offline proof: the CLI flow runs with no network at all, and never tries to connect.

`unshare -n` gives the process a network namespace with no interfaces (not even a working
loopback); `strace -f -e trace=connect,sendto,sendmsg` records every connection attempt of the
process and its children. Each wrapper is used where this machine has it; CI without both skips.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "skinclinic"
HTTP_CLIENTS = {
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "http.client",
    "urllib.request",
    "socket",
    "ssl",
    "ftplib",
    "smtplib",
    "xmlrpc.client",
    "websocket",
    "websockets",
}
_LOCAL = re.compile(r'sa_family=AF_UNIX|inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|AF_NETLINK')


def _can_unshare() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    return (
        subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0
    )


@pytest.mark.timeout(240)
def test_cli_flow_runs_without_network_and_never_connects(tmp_path: Path) -> None:
    wrappers: list[str] = []
    trace = tmp_path / "strace.log"
    if shutil.which("strace"):
        wrappers += ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace)]
    if _can_unshare():
        wrappers += ["unshare", "-n"]
    if not wrappers:
        pytest.skip("neither strace nor a permitted `unshare -n` is available here")
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [*wrappers, sys.executable, "-m", "tests.offline.flow", str(tmp_path / "home"), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=230,
        check=False,
    )
    assert done.returncode == 0 and "FLOW OK" in done.stdout, done.stderr[-3000:]
    assert (out / "r.pdf").is_file() and (out / "r.json").is_file()
    assert list((out / "dicom").glob("*.dcm"))
    if trace.exists():
        calls = [line for line in trace.read_text().splitlines() if "(" in line]
        remote = [line for line in calls if not _LOCAL.search(line)]
        assert remote == [], remote[:5]
        print(
            f"\nstrace: {len(calls)} connect/sendto/sendmsg calls, all local; wrappers {wrappers}"
        )


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            names |= {a.value for a in node.args if isinstance(a, ast.Constant)}
    return names


def test_no_module_of_the_app_imports_a_network_client() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        bad = {
            name
            for name in _imports(path)
            if any(name == c or name.startswith(c + ".") for c in HTTP_CLIENTS)
        }
        if bad:
            found[str(path.relative_to(REPO_ROOT))] = sorted(bad)
    assert found == {}
    assert len(list(PACKAGE.rglob("*.py"))) > 100  # the scan saw the whole package
