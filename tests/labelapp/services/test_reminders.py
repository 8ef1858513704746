"""Expiry reminders: the windows before expiry, at expiry and at the end of the grace
window, each written once per label and manager whatever the runs and clocks; none for
revoked, superseded or renewing labels or for those who turned them off; at most N per
run, the rest the next."""

from __future__ import annotations

import hashlib
from datetime import date
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import MessageOptOut
from labelapp.models import Organisation
from labelapp.models import OrganisationManager
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services import messages
from labelapp.services.assessments import start_assessment
from labelapp.services.reminders import EXPIRED
from labelapp.services.reminders import GRACE_ENDS
from labelapp.services.reminders import due_window
from labelapp.services.reminders import remind
from labelapp.services.reminders import windows
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import issued

pytestmark = pytest.mark.usefixtures("ctx")

DAYS = (90, 30, 7)
EXPIRES = date(2027, 6, 30)
GRACE = date(2028, 6, 30)  # 12 months later


def _windows():
    label = Certificate(valid_until=EXPIRES)
    return windows(label, GRACE, DAYS)


@pytest.mark.parametrize(
    ("today", "window"),
    [
        (EXPIRES - timedelta(days=91), None),
        (EXPIRES - timedelta(days=90), "90"),
        (EXPIRES - timedelta(days=31), "90"),
        (EXPIRES - timedelta(days=30), "30"),
        (EXPIRES - timedelta(days=7), "7"),
        (EXPIRES, "7"),  # the last valid day
        (EXPIRES + timedelta(days=1), EXPIRED),
        (GRACE - timedelta(days=1), EXPIRED),
        (GRACE, GRACE_ENDS),
        (GRACE + timedelta(days=1), None),  # the window is over
    ],
)
def test_the_window_a_label_is_in(today, window):
    found = due_window(_windows(), today)
    assert (found.key if found else None) == window


def _reminders() -> list[OutboxMessage]:
    return list(
        db_session().scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind == messages.REMINDER)
            .order_by(OutboxMessage.id)
        )
    )


def _label(manager, days_left: int, **changes):
    certificate = issued(db_session(), manager)
    certificate.valid_until = certificates.today() + timedelta(days=days_left)
    for name, value in changes.items():
        setattr(certificate, name, value)
    db_session().commit()
    return certificate


def _run(on: date, limit: int = 500):
    report = remind(db_session(), on, DAYS, limit)
    db_session().commit()
    return report


def test_each_window_is_written_once_across_runs_and_days(manager, make_user):
    co_manager = make_user(Role.MANAGER, language="de")
    label = _label(manager, 40)
    db_session().add(
        OrganisationManager(organisation_id=label.organisation_id, user_id=co_manager.id)
    )
    db_session().commit()
    today = certificates.today()
    assert _run(today).written == 2  # the 90-day window, to both managers
    assert _run(today).written == 0
    assert _run(today + timedelta(days=5)).written == 0  # still the 90-day window
    assert _run(today + timedelta(days=10)).written == 2  # 30 days left
    assert _run(today + timedelta(days=10)).written == 0
    assert _run(today + timedelta(days=41)).written == 2  # expired yesterday
    found = _reminders()
    windows_written = [(m.facts["window"], m.recipient_id) for m in found]
    assert windows_written == [
        (w, person) for w in ("days", "days", "expired") for person in (manager.id, co_manager.id)
    ]
    german = next(m for m in found if m.recipient_id == co_manager.id)
    assert german.language == "de"
    assert german.facts["path"] == f"/organisations/{label.organisation.slug}"


def test_a_run_after_a_pause_writes_only_the_latest_window(manager):
    _label(manager, 5)  # the 90- and 30-day windows passed while nothing ran
    assert _run(certificates.today()).written == 1
    (reminder,) = _reminders()
    assert reminder.dedupe_key.endswith(":7:" + str(manager.id))


@pytest.mark.parametrize(
    "excluded",
    ["revoked", "superseded", "renewing", "organisation_off", "manager_off"],
)
def test_no_reminder_for_labels_that_need_none_or_those_who_turned_them_off(manager, excluded):
    label = _label(manager, 20)
    if excluded == "revoked":
        label.status = CertificateStatus.REVOKED
    elif excluded == "superseded":
        label.superseded_by_id = issued(db_session(), manager, "gold", label.organisation).id
    elif excluded == "renewing":
        start_assessment(db_session(), actor(manager), label.organisation)
    elif excluded == "organisation_off":
        label.organisation.reminders = False
    else:
        db_session().add(MessageOptOut(user_id=manager.id, kind=messages.REMINDER))
    db_session().commit()
    assert _run(certificates.today()).written == 0
    assert _reminders() == []


def _many_labels(manager, count: int, expires: date, like: Certificate) -> None:
    """``count`` labels expiring the same day, each of its own organisation, inserted in
    bulk (the reminders read rows; rendering PDFs would only cost time)."""
    session = db_session()
    version = like.criteria_version_id
    base = max(
        session.scalar(select(func.max(Organisation.id))) or 0,
        session.scalar(select(func.max(Assessment.id))) or 0,
    )
    ids = range(base + 1, base + count + 1)
    session.execute(
        insert(Organisation),
        [{"id": n, "slug": f"bulk-{n}", "name": f"Bulk {n}", "country": "PL"} for n in ids],
    )
    session.execute(
        insert(OrganisationManager), [{"organisation_id": n, "user_id": manager.id} for n in ids]
    )
    now = utcnow() - timedelta(days=700)
    session.execute(
        insert(Assessment),
        [
            {
                "id": n,
                "organisation_id": n,
                "criteria_version_id": version,
                "status": AssessmentStatus.APPROVED,
                "created_by_id": manager.id,
                "created_at": now,
                "approved_level": "bronze",
            }
            for n in ids
        ],
    )
    session.execute(
        insert(Certificate),
        [
            {
                "number": f"CEL-2025-{n:05d}-X",
                "organisation_id": n,
                "assessment_id": n,
                "criteria_version_id": version,
                "organisation_name": f"Bulk {n}",
                "name_key": f"bulk {n}",
                "country": "PL",
                "level": "bronze",
                "level_title": "Bronze — committed to excellence",
                "scheme": "cluster-excellence",
                "scheme_title": "Cluster Excellence Label criteria 2026.1",
                "criteria_version": "2026.1",
                "issued_on": expires - timedelta(days=730),
                "valid_until": expires,
                "issued_at": now + timedelta(days=1),
                "status": CertificateStatus.VALID,
                "pdf_key": like.pdf_key,
                "pdf_sha256": hashlib.sha256(str(n).encode()).hexdigest(),
            }
            for n in ids
        ],
    )
    session.commit()


def test_the_30_day_window_of_1000_labels_expiring_the_same_day_is_written_exactly_once(
    manager,
):
    seed = _label(manager, 400)  # a label far from its windows: its version's rows to copy
    expires = certificates.today() + timedelta(days=30)
    _many_labels(manager, 1000, expires, seed)
    today = certificates.today()
    runs = [_run(today, limit=300) for _ in range(5)]
    assert [run.written for run in runs] == [300, 300, 300, 100, 0]
    assert [run.left for run in runs] == [700, 400, 100, 0, 0]
    keys = [m.dedupe_key for m in _reminders()]
    assert len(keys) == len(set(keys)) == 1000
    assert all(key.split(":")[2] == "30" for key in keys)
    db_session().execute(
        Certificate.__table__.update()
        .where(Certificate.id != seed.id)
        .values(status=CertificateStatus.REVOKED)
    )
    db_session().commit()
    assert _run(today + timedelta(days=24)).written == 0  # revoked: not even the 7-day one
