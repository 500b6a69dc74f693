#!/usr/bin/env bash
# Build the one-folder Linux app and its archive:
#   dist/SkinClinic/skinclinic                      (run it: no Python needed on the target PC)
#   dist/SkinClinic-<version>-linux-x86_64.tar.gz   (SkinClinic/ + skinclinic.desktop + icon)
#
# Uses the Python environment it is run from ($PYTHON, else `python`): the one that already has
# SkinClinic installed (`pip install -e ".[package]"`), because a fresh venv would recompile
# llama.cpp (~5 min on 2 cores). Build that environment with the portable flags from README.md
# (GGML_NATIVE=OFF): PyInstaller copies whatever libllama.so it finds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python}"
cd "$ROOT"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is not installed in $("$PYTHON" -c 'import sys; print(sys.prefix)');" \
        "run: pip install -e \".[package]\"" >&2
    exit 2
fi
VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"

started=$(date +%s)
"$PYTHON" -m PyInstaller packaging/skinclinic.spec --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller

APP=dist/SkinClinic
cp packaging/skinclinic.desktop "$APP/skinclinic.desktop"
cp assets/icons/app.svg "$APP/skinclinic.svg"
cp packaging/install-desktop-entry.sh "$APP/install-desktop-entry.sh"
ARCHIVE="dist/SkinClinic-$VERSION-linux-x86_64.tar.gz"
tar -C dist -czf "$ARCHIVE" SkinClinic
echo "built $APP ($(du -sh "$APP" | cut -f1)) and $ARCHIVE ($(du -sh "$ARCHIVE" | cut -f1))" \
    "in $(( $(date +%s) - started )) s"
