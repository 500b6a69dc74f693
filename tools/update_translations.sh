#!/bin/sh
# Extract every translatable string (GUI tr()/translate/QT_TRANSLATE_NOOP, and the Qt-free
# skinclinic.i18n.translate calls of the CLI and reports) into the .ts sources, keeping the
# translations already written, then compile the .qm files the app loads. Run from anywhere.
set -eu
cd "$(dirname "$0")/.."
BIN="$(dirname "$(command -v python)")"
SOURCES=$(find skinclinic/i18n.py skinclinic/gui skinclinic/cli skinclinic/report skinclinic/export -name '*.py' 2>/dev/null | sort)
for lang in zh_CN ja; do
    ts="assets/translations/skinclinic_${lang}.ts"
    "$BIN/pyside6-lupdate" -no-obsolete -locations none -target-language "$lang" $SOURCES -ts "$ts"
    "$BIN/pyside6-lrelease" -silent "$ts" -qm "assets/translations/skinclinic_${lang}.qm"
done
