#!/usr/bin/env bash
# Add SkinClinic to this user's application menu (run from the unpacked SkinClinic folder).
set -euo pipefail
APP="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$DATA/applications" "$DATA/icons/hicolor/scalable/apps"
cp "$APP/skinclinic.svg" "$DATA/icons/hicolor/scalable/apps/skinclinic.svg"
sed "s|^Exec=.*|Exec=\"$APP/skinclinic\"|" "$APP/skinclinic.desktop" \
    > "$DATA/applications/skinclinic.desktop"
echo "SkinClinic added to the application menu ($DATA/applications/skinclinic.desktop)"
