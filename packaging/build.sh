#!/usr/bin/env bash
# Build the one-folder Linux app and its archive:
#   $DIST_DIR/SkinClinic/skinclinic                      (run it: no Python needed on the target PC)
#   $DIST_DIR/SkinClinic-<version>-linux-x86_64.tar.gz   (SkinClinic/ + skinclinic.desktop + icon)
# DIST_DIR defaults to dist/, WORK_DIR (PyInstaller's cache) to build/pyinstaller/; both ignored.
#
# Uses the Python environment it is run from ($PYTHON, else `python`): the one that already has
# SkinClinic installed (`pip install -e ".[test]"` brings PyInstaller), because a fresh venv would
# recompile llama.cpp (~5 min on 2 cores). Build that environment with the portable flags from
# README.md (GGML_NATIVE=OFF): PyInstaller copies whatever libllama.so it finds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python}"
DIST_DIR="${DIST_DIR:-dist}"
WORK_DIR="${WORK_DIR:-build/pyinstaller}"
cd "$ROOT"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is not installed in $("$PYTHON" -c 'import sys; print(sys.prefix)');" \
        "run: pip install -e \".[test]\"" >&2
    exit 2
fi
VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"

started=$(date +%s)
"$PYTHON" -m PyInstaller packaging/skinclinic.spec --noconfirm --log-level WARN \
    --distpath "$DIST_DIR" --workpath "$WORK_DIR"
frozen=$(date +%s)

APP="$DIST_DIR/SkinClinic"
cp packaging/skinclinic.desktop "$APP/skinclinic.desktop"
cp assets/icons/app.svg "$APP/skinclinic.svg"
cp packaging/install-desktop-entry.sh "$APP/install-desktop-entry.sh"
ARCHIVE="$DIST_DIR/SkinClinic-$VERSION-linux-x86_64.tar.gz"
tar -C "$DIST_DIR" -czf "$ARCHIVE" SkinClinic
echo "built $APP ($(du -sh "$APP" | cut -f1)) in $((frozen - started)) s and $ARCHIVE" \
    "($(du -sh "$ARCHIVE" | cut -f1)) in $(($(date +%s) - frozen)) s"
