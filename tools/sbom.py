"""Write a CycloneDX SBOM of the installed environment and audit it for known vulnerabilities.

    python tools/sbom.py [OUT_DIR]          (default: build/sbom)

Writes OUT_DIR/sbom.cdx.json (cyclonedx-py, from the `cyclonedx-bom` package) and
OUT_DIR/pinned.txt (`pip freeze`), records the llama.cpp build in OUT_DIR/llama_cpp.txt, then
runs `pip-audit` over the pinned versions. pip-audit needs the network for its vulnerability
database; offline it cannot, and this script says so plainly instead of passing silently.
Exit status: 0 clean, 1 vulnerabilities found, 2 audit could not run (SBOM still written).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def llama_cpp_build() -> str:
    probe = (
        "import llama_cpp; print('llama-cpp-python', llama_cpp.__version__); "
        "print(llama_cpp.llama_cpp.llama_print_system_info().decode().strip())"
    )
    done = run([sys.executable, "-c", probe])
    return done.stdout if done.returncode == 0 else f"llama_cpp not importable: {done.stderr}"


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/sbom")
    out.mkdir(parents=True, exist_ok=True)
    if shutil.which("cyclonedx-py") is None:
        print("sbom: cyclonedx-py missing; run `pip install cyclonedx-bom`", file=sys.stderr)
        return 2
    sbom = out / "sbom.cdx.json"
    done = run(["cyclonedx-py", "environment", "--of", "JSON", "-o", str(sbom), sys.executable])
    if done.returncode != 0:
        print(f"sbom: cyclonedx-py failed: {done.stderr.strip()}", file=sys.stderr)
        return 2
    pinned = out / "pinned.txt"
    pinned.write_text(run([sys.executable, "-m", "pip", "freeze"]).stdout, encoding="utf-8")
    (out / "llama_cpp.txt").write_text(llama_cpp_build(), encoding="utf-8")
    print(f"sbom: wrote {sbom}, {pinned} and {out / 'llama_cpp.txt'}")
    return audit(pinned)


def audit(pinned: Path) -> int:
    if shutil.which("pip-audit") is None:
        print("audit: pip-audit missing; run `pip install pip-audit`", file=sys.stderr)
        return 2
    # --no-deps: audit exactly the pinned list; editable/local packages are not on PyPI.
    command = ["pip-audit", "-r", str(pinned), "--no-deps", "--disable-pip", "--skip-editable"]
    done = run([*command, "--format", "json", "--progress-spinner", "off"])
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    if report is None:
        print(f"audit: NOT RUN - pip-audit failed:\n{done.stderr.strip()}", file=sys.stderr)
        return 2
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if not audited:
        # Offline, pip-audit "finds no vulnerabilities" because it audited nothing: say so.
        print(
            f"audit: NOT RUN - none of {len(deps)} packages could be looked up in the "
            "vulnerability database (offline?). Run this on a connected machine:\n  "
            + " ".join(command),
            file=sys.stderr,
        )
        return 2
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        print(f"audit: {dep['name']} {dep['version']}: {ids}", file=sys.stderr)
    skipped = len(deps) - len(audited)
    print(
        f"audit: {len(audited)} packages audited, {skipped} skipped, {len(vulnerable)} vulnerable"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    raise SystemExit(main())
