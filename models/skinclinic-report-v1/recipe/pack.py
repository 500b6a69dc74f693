"""Last step of the recipe: copy the trained adapter and projector into the pack and write their
sha256 and sizes (and the training log) into manifest.json.

    python models/skinclinic-report-v1/recipe/pack.py [--languages en,zh_CN]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

PACK = Path(__file__).resolve().parents[1]
WORK = PACK / "work"
FILES = {"adapter": "adapter.gguf", "projector": "projector.npz"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--languages", default="en")
    args = parser.parse_args()
    manifest_path = PACK / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    log = json.loads((WORK / "train_log.json").read_text(encoding="utf-8"))
    files = {}
    for role, name in FILES.items():
        shutil.copyfile(WORK / name, PACK / name)
        files[role] = {
            "path": name,
            "sha256": sha256(PACK / name),
            "bytes": (PACK / name).stat().st_size,
        }
    manifest["files"] = files
    manifest["image_tokens"]["encoder_sha256"] = log["encoder_sha256"]
    manifest["image_tokens"]["rows"] = log["rows"]
    manifest["languages"] = args.languages.split(",")
    manifest["status"] = "tuned: stage 1 projector + stage 2 LoRA (see card.md)"
    manifest["training"] = log
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(files, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
