"""The hash-chained audit trail: append inside the caller's transaction, verify the whole chain.

hash = sha256(prev_hash + canonical JSON of the event's own fields), the first prev_hash being
64 zeros. Editing a field breaks that event's hash; deleting, inserting or reordering events
breaks the next event's prev_hash link. Truncating the newest events is not detectable from
the chain alone: `audit verify` prints the head to keep elsewhere, and `--anchor` checks it
(skinclinic.services.integrity).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from skinclinic.caselog.coltypes import canonical_json, utc_now
from skinclinic.caselog.models import AuditEventRow
from skinclinic.core.domain import AuditEvent

GENESIS_HASH = "0" * 64


def event_hash(
    prev_hash: str,
    *,
    event_id: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
) -> str:
    fields = {
        "id": event_id,
        "at": at.astimezone(UTC).isoformat(),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "old": old,
        "new": new,
    }
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> AuditEventRow:
    """Add one event to the chain. Call inside a write (BEGIN IMMEDIATE) transaction, which
    serialises writers, so reading the last event and appending the next cannot race."""
    last = session.execute(
        select(AuditEventRow.id, AuditEventRow.hash).order_by(AuditEventRow.id.desc()).limit(1)
    ).first()
    event_id, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    # Round-trip through JSON so the stored and the hashed values are identical.
    old_v = _normalise(old)
    new_v = _normalise(new)
    at = utc_now()
    row = AuditEventRow(
        id=event_id,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        old=old_v,
        new=new_v,
        prev_hash=prev_hash,
        hash=event_hash(
            prev_hash,
            event_id=event_id,
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            old=old_v,
            new=new_v,
        ),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class ChainWalk:
    """One pass over the trail: where it breaks (if it does), how long it is, its newest event,
    and the stored hash of one event asked for (an anchor), so nothing is read twice."""

    first_broken: int | None
    events: int
    head: tuple[int, str] | None  # (id, hash) of the newest event
    remembered_hash: str | None  # of the event ``walk_chain(remember=...)`` asked for


def verify_chain(connection: Connection) -> int | None:
    """The id of the first event whose hash or link is wrong, or None when the chain holds."""
    return walk_chain(connection).first_broken


def walk_chain(connection: Connection, remember: int | None = None) -> ChainWalk:
    """Verify every link in id order; stops at the first broken event."""
    rows = connection.execute(
        text(
            "SELECT id, at, actor, action, entity, entity_id, old, new, prev_hash, hash "
            "FROM audit_events ORDER BY id"
        )
    )
    prev = GENESIS_HASH
    count, head, remembered = 0, None, None
    for event_id, at, actor, action, entity, entity_id, old, new, prev_hash, stored in rows:
        expected = event_hash(
            prev,
            event_id=event_id,
            at=_parse_at(at),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            old=_loads(old),
            new=_loads(new),
        )
        if prev_hash != prev or stored != expected:
            return ChainWalk(int(event_id), count, head, remembered)
        prev = stored
        count += 1
        head = (int(event_id), str(stored))
        if event_id == remember:
            remembered = str(stored)
    return ChainWalk(None, count, head, remembered)


def to_domain(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        old=row.old,
        new=row.new,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new) restricted to the keys whose value differs."""
    keys: Iterable[str] = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _normalise(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    loaded: dict[str, Any] = json.loads(canonical_json(value, default=_jsonable))
    return loaded


def _jsonable(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    raise TypeError(f"cannot record {type(value).__name__} in the audit trail")


def _loads(value: str | None) -> dict[str, Any] | None:
    return None if value is None else json.loads(value)


def _parse_at(value: str | datetime) -> datetime:
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC)
