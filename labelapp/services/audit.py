"""The audit log: append-only events, each carrying the hash of the one before.

Appends lock the single chain-head row first, so concurrent transactions chain
one after the other instead of forking the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from labelapp.db import utcnow
from labelapp.models import AuditEvent
from labelapp.models import AuditHead
from labelapp.models.audit import GENESIS_HASH
from labelapp.services.actor import Actor


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
        "client_address": event.client_address,
        "details": event.details,
    }


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    *,
    before: str = "",
    after: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with it)."""
    # The UPDATE takes the head's row lock (a write lock on SQLite) before reading it.
    sequence, prev_hash = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(sequence=AuditHead.sequence + 1)
        .returning(AuditHead.sequence, AuditHead.last_hash)
    ).one()
    event = AuditEvent(
        sequence=sequence,
        occurred_at=utcnow(),
        actor_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        client_address=actor.address[:64],
        details=json.dumps(details or {}, sort_keys=True, separators=(",", ":"), default=str),
        prev_hash=prev_hash,
    )
    event.hash = _digest(prev_hash, _fields(event))
    session.add(event)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=event.hash))
    session.flush()
    return event


class Break(NamedTuple):
    """The first event at which the chain does not hold."""

    sequence: int
    reason: str


def verify_chain(session: Session, batch: int = 1000) -> tuple[int, Break | None]:
    """Walk every event in order; returns how many were checked and the first break."""
    expected_prev = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in _events(session, batch):
        if event.sequence != expected_sequence:
            return checked, Break(expected_sequence, f"event {expected_sequence} is missing")
        if event.prev_hash != expected_prev:
            return checked, Break(event.sequence, "does not point at the event before it")
        if _digest(event.prev_hash, _fields(event)) != event.hash:
            return checked, Break(event.sequence, "its content no longer matches its hash")
        expected_prev, expected_sequence = event.hash, expected_sequence + 1
        checked += 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.sequence, head.last_hash) != (checked, expected_prev):
        return checked, Break(checked + 1, "events after this one are missing")
    return checked, None


def _events(session: Session, batch: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.sequence > last)
                .order_by(AuditEvent.sequence)
                .limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].sequence


# Labels of detail keys that plain words would misspell.
_DETAIL_LABELS = {"pdf_sha256": "PDF SHA-256"}


def detail_label(key: str) -> str:
    """A detail's key as people read it: "valid_until" -> "Valid until"."""
    return _DETAIL_LABELS.get(key, key.replace("_", " ").capitalize())


def detail_text(value: object) -> str:
    """A detail's value as people read it: lists joined, nothing as "none"."""
    if value is None or value in ("", [], {}):
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(detail_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{detail_label(k)}: {detail_text(v)}" for k, v in value.items())
    return str(value)


def details_of(event: AuditEvent) -> dict[str, Any]:
    """The event's details as recorded (its canonical JSON), or {} if they are not an object."""
    try:
        loaded = json.loads(event.details or "{}")
    except ValueError:
        return {"details": event.details}
    return loaded if isinstance(loaded, dict) else {"details": loaded}
