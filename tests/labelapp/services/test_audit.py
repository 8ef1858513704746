"""The audit log: a hash chain in which an edit or a gap is found and named."""

from __future__ import annotations

import itertools
import json

import pytest
from sqlalchemy import text

from labelapp.db import db_session
from labelapp.models import AuditHead
from labelapp.models.audit import GENESIS_HASH
from labelapp.services import audit
from labelapp.services.actor import SYSTEM
from tests.labelapp.services.factories import ADDRESS
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_events

pytestmark = pytest.mark.usefixtures("ctx")


def _log_five(user) -> None:
    """Five committed events by a user and by the system, then a fresh view of them."""
    session = db_session()
    audit.record(session, actor(user), "organisation.created", "organisation", 1, details={"n": 1})
    audit.record(session, SYSTEM, "certificate.expired", "certificate", "LBL-1")
    audit.record(
        session, actor(user), "assessment.submit", "assessment", 7, before="draft", after="x"
    )
    audit.record(session, actor(user), "evidence.added", "assessment", 7, details={"ż": "ó"})
    audit.record(session, SYSTEM, "criteria.published", "criteria_version", 2)
    session.commit()
    session.expire_all()


def _tamper(sql: str, **params) -> None:
    db_session().execute(text(sql), params)
    db_session().commit()
    db_session().expire_all()


def test_each_event_carries_the_hash_of_the_one_before(manager):
    _log_five(manager)
    events = audit_events(db_session())
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash
    assert len({e.hash for e in events}) == 5
    head = db_session().get(AuditHead, 1)
    assert (head.sequence, head.last_hash) == (5, events[-1].hash)


def test_events_record_who_what_and_from_where(manager):
    _log_five(manager)
    first, second, third, fourth = audit_events(db_session())[:4]
    assert (first.actor_id, first.client_address) == (manager.id, ADDRESS)
    assert first.actor_label == f"{manager.display_name} <{manager.email}>"
    assert (second.actor_id, second.actor_label, second.object_id) == (None, "system", "LBL-1")
    assert (third.object_type, third.object_id, third.before, third.after) == (
        "assessment",
        "7",
        "draft",
        "x",
    )
    assert json.loads(fourth.details) == {"ż": "ó"}
    assert first.occurred_at <= second.occurred_at


def test_an_intact_chain_verifies_after_a_round_trip_through_the_database(manager):
    _log_five(manager)
    assert audit.verify_chain(db_session()) == (5, None)
    assert audit.verify_chain(db_session(), batch=2) == (5, None)


def test_an_empty_log_verifies():
    assert audit.verify_chain(db_session()) == (0, None)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("details", '{"n":2}'),
        ("action", "organisation.deleted"),
        ("actor_label", "someone else"),
        ("before", "approved"),
        ("client_address", "203.0.113.9"),
    ],
)
def test_an_edited_event_is_named(manager, column, value):
    _log_five(manager)
    _tamper(f"UPDATE audit_event SET {column} = :value WHERE sequence = 3", value=value)  # noqa: S608
    checked, broken = audit.verify_chain(db_session())
    assert checked == 2
    assert broken.sequence == 3
    assert "no longer matches its hash" in broken.reason


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(manager):
    _log_five(manager)
    event = audit_events(db_session())[2]
    fields = {**audit._fields(event), "action": "assessment.approve"}
    forged = audit._digest(event.prev_hash, fields)
    _tamper(
        "UPDATE audit_event SET action = 'assessment.approve', hash = :forged WHERE sequence = 3",
        forged=forged,
    )
    checked, broken = audit.verify_chain(db_session())
    assert (checked, broken.sequence) == (3, 4)
    assert "does not point at the event before it" in broken.reason


def test_a_deleted_middle_event_is_reported_missing(manager):
    _log_five(manager)
    _tamper("DELETE FROM audit_event WHERE sequence = 3")
    checked, broken = audit.verify_chain(db_session())
    assert (checked, broken.sequence, broken.reason) == (2, 3, "event 3 is missing")


def test_deleted_last_events_are_reported_missing(manager):
    _log_five(manager)
    _tamper("DELETE FROM audit_event WHERE sequence >= 4")
    checked, broken = audit.verify_chain(db_session())
    assert (checked, broken.sequence) == (3, 4)
    assert "missing" in broken.reason


def test_a_rolled_back_transaction_leaves_no_event_and_no_gap(manager):
    _log_five(manager)
    audit.record(db_session(), actor(manager), "assessment.started", "assessment", 9)
    db_session().rollback()
    db_session().expire_all()
    assert audit.verify_chain(db_session()) == (5, None)
    audit.record(db_session(), actor(manager), "assessment.started", "assessment", 9)
    db_session().commit()
    assert [e.sequence for e in audit_events(db_session())][-1] == 6
    assert audit.verify_chain(db_session()) == (6, None)
