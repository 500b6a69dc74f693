"""Bulk synthetic data for benchmarks: plain executemany, no audit events, no ORM.

Never used by the app itself; it writes rows the way the repository would (same columns,
same denormalised list fields) so that listing and search are measured on realistic tables.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

LABELS = ("nevus", "melanoma", "bkl", "bcc", "akiec", "vasc", "df")
LABEL_WEIGHTS = (0.55, 0.12, 0.12, 0.08, 0.06, 0.04, 0.03)
SITES = ("back", "left forearm", "right forearm", "scalp", "face", "chest", "left leg", "abdomen")
WORDS = ("itchy", "bleeding", "growing", "new", "changing", "dark", "raised", "flat", "sore")
STATUSES = ("new", "analyzed", "drafted", "signed", "amended")
STATUS_WEIGHTS = (0.15, 0.25, 0.25, 0.33, 0.02)
RARE_WORD = "zebrastripe"  # in about one case in 10,000


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_seed(engine: Engine, n_cases: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    n_patients = max(1, n_cases // 4)
    patients = [
        (i, f"P-{i:06d}", rng.randint(1930, 2015), rng.choice(("female", "male")), None, _ts(start))
        for i in range(1, n_patients + 1)
    ]
    cases: list[tuple[object, ...]] = []
    photos: list[tuple[object, ...]] = []
    analyses: list[tuple[object, ...]] = []
    for i in range(1, n_cases + 1):
        patient_id = rng.randint(1, n_patients)
        at = _ts(start + timedelta(minutes=7 * i))
        site = rng.choice(SITES)
        history = " ".join(rng.sample(WORDS, 3))
        if rng.random() < 1e-4:
            history += " " + RARE_WORD
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        label = prob = verdict = None
        if status != "new":
            label = rng.choices(LABELS, LABEL_WEIGHTS)[0]
            prob = round(rng.uniform(0.3, 0.99), 3)
            verdict = "confident" if prob > 0.6 else "uncertain"
            analyses.append(
                (
                    len(analyses) + 1,
                    i,
                    i,
                    "bench-pack",
                    "{}",
                    json.dumps({label: prob}),
                    json.dumps({"verdict": verdict}),
                    "[]",
                    "{}",
                    "{}",
                    at,
                )
            )
        search = "\n".join([f"p-{patient_id:06d}", site, history, label or ""])
        cases.append(
            (i, patient_id, site, history, status, at, at, 1, label, prob, verdict, search)
        )
        photos.append(
            (
                i,
                i,
                f"{i:064x}",
                f"{i:064x}.jpg",
                "p.jpg",
                1024,
                768,
                "JPEG",
                None,
                at,
                "file",
                "clinical",
            )
        )
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN IMMEDIATE")
        cur.executemany("INSERT INTO patients VALUES (?,?,?,?,?,?)", patients)
        cur.executemany("INSERT INTO cases VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", cases)
        cur.executemany("INSERT INTO photos VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", photos)
        cur.executemany("INSERT INTO analyses VALUES (?,?,?,?,?,?,?,?,?,?,?)", analyses)
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
    finally:
        raw.close()


def bulk_audit(engine: Engine, n_events: int) -> None:
    """Append n valid, chained audit events (status changes) in one transaction."""
    from skinclinic.caselog.audit import GENESIS_HASH, event_hash
    from skinclinic.caselog.coltypes import canonical_json

    start = datetime(2024, 1, 1, tzinfo=UTC)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN IMMEDIATE")
        last = cur.execute("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
        next_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        rows = []
        for event_id in range(next_id, next_id + n_events):
            at = start + timedelta(seconds=event_id)
            old, new = {"status": "new"}, {"status": "analyzed"}
            digest = event_hash(
                prev,
                event_id=event_id,
                at=at,
                actor="bench",
                action="set_status",
                entity="case",
                entity_id=str(event_id),
                old=old,
                new=new,
            )
            rows.append(
                (
                    event_id,
                    _ts(at),
                    "bench",
                    "set_status",
                    "case",
                    str(event_id),
                    canonical_json(old),
                    canonical_json(new),
                    prev,
                    digest,
                )
            )
            prev = digest
        cur.executemany("INSERT INTO audit_events VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        cur.execute("COMMIT")
    finally:
        raw.close()
