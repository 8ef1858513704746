"""Expiry reminders (issue 17): to an organisation's managers some days before its label
expires (``LABELAPP_REMINDER_DAYS``), on the day after it expired, and on the last day
of its renewal grace window (decision 30), each window once per label and manager.

``remind`` is safe every hour: a reminder is an outbox message with a key of its
label, window and manager, written once whatever the runs and the mail server do.
Only the latest window a label has reached is written (a run after a pause does not
send three reminders at once); revoked and superseded labels, labels whose
organisation already started its next assessment, and organisations that turned
reminders off get none. A run writes at most ``limit`` messages; the rest come next
run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from babel.dates import format_date
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import contains_eager

from labelapp.languages import format_locale
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import Organisation
from labelapp.models import OutboxMessage
from labelapp.services import messages
from labelapp.services.label_path import grace_end
from labelapp.services.label_path import grace_months

EXPIRED = "expired"
GRACE_ENDS = "grace_ends"
# The longest grace window a level may set is not bounded; labels are looked at up to
# this long after expiry.
LOOK_BACK = timedelta(days=3 * 366)


@dataclass(frozen=True)
class Window:
    key: str  # "90", "30", "7" (days before expiry), EXPIRED or GRACE_ENDS
    starts: date


def windows(certificate: Certificate, grace_ends: date, days_before: Sequence[int]) -> list[Window]:
    """The label's reminder windows, in the order they start."""
    found = [
        Window(str(days), certificate.valid_until - timedelta(days=days)) for days in days_before
    ]
    found.append(Window(EXPIRED, certificate.valid_until + timedelta(days=1)))
    if grace_ends > certificate.valid_until:
        found.append(Window(GRACE_ENDS, grace_ends))
    return sorted(found, key=lambda window: window.starts)


def due_window(all_windows: list[Window], today: date) -> Window | None:
    """The latest window that has started; None before the first and after the grace."""
    started = [window for window in all_windows if window.starts <= today]
    if not started:
        return None
    last = started[-1]
    if last.key == GRACE_ENDS and today > last.starts:
        return None  # the grace window is over: nothing left to remind of
    return last


def _candidates(session: Session, today: date, first_window_days: int) -> list[Certificate]:
    next_assessment = exists().where(
        Assessment.organisation_id == Certificate.organisation_id,
        Assessment.created_at > Certificate.issued_at,
        Assessment.status != AssessmentStatus.REJECTED,
    )
    return list(
        session.scalars(
            select(Certificate)
            .join(Organisation, Organisation.id == Certificate.organisation_id)
            .where(
                Certificate.status != CertificateStatus.REVOKED,
                Certificate.superseded_by_id.is_(None),
                Organisation.reminders.is_(True),
                Certificate.valid_until <= today + timedelta(days=first_window_days),
                Certificate.valid_until >= today - LOOK_BACK,
                ~next_assessment,
            )
            .options(contains_eager(Certificate.organisation))  # named in every reminder
            .order_by(Certificate.valid_until, Certificate.id)
        )
    )


def _key(certificate: Certificate, window: Window, manager_id: int) -> str:
    return f"reminder:{certificate.id}:{window.key}:{manager_id}"


@dataclass
class RemindReport:
    written: int = 0
    left: int = 0  # due but over the limit: next run


def remind(session: Session, today: date, days_before: Sequence[int], limit: int) -> RemindReport:
    """Write the due reminders (in the caller's transaction; the caller commits)."""
    report = RemindReport()
    first = max(days_before, default=0)
    months: dict[tuple[int, str], int] = {}  # a level's grace window, read once a run
    due: list[tuple[Certificate, Window, date]] = []
    for certificate in _candidates(session, today, first):
        level = (certificate.criteria_version_id, certificate.level)
        if level not in months:
            months[level] = grace_months(session, *level)
        grace_ends = grace_end(session, certificate, months[level])
        window = due_window(windows(certificate, grace_ends, days_before), today)
        if window is not None:
            due.append((certificate, window, grace_ends))
    recipients = messages.reminder_recipients(session, {c.organisation_id for c, _w, _g in due})
    wanted = [
        (certificate, window, grace_ends, manager, _key(certificate, window, manager.id))
        for certificate, window, grace_ends in due
        for manager in recipients.get(certificate.organisation_id, [])
    ]
    written = _written_keys(session, [key for *_rest, key in wanted])
    for certificate, window, grace_ends, manager, key in wanted:
        if key in written:
            continue
        if report.written >= limit:
            report.left += 1
            continue
        language = manager.language or certificate.organisation.certificate_language
        messages.expiry_reminder(
            session,
            certificate,
            manager,
            language,
            window.key,
            _long(certificate.valid_until, language),
            _long(grace_ends, language),
            key,
        )
        report.written += 1
    return report


def _written_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):  # within every backend's parameter limit
        chunk = keys[start : start + 500]
        found.update(
            session.scalars(
                select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))
            )
        )
    return found


def _long(day: date, language: str) -> str:
    return format_date(day, "long", locale=format_locale(language))
