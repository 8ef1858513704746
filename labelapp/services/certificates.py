"""Issuing certificates and their lifecycle: numbering, the signed PDF, suspension,
reinstatement, revocation, supersession and expiry.

What issuing needs from the configuration comes in as arguments: the number
prefix, the issuer and its key pair (``CertificateSettings``, built once by
``labelapp.settings``) and, to issue, the public address the PDF's QR code
points at (``IssuingSettings``; decision 20).
"""

from __future__ import annotations

import calendar
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from labelapp.certificates import load_pdf_stack
from labelapp.certificates.content import CertificateContent
from labelapp.certificates.keys import KeyPair
from labelapp.certificates.keys import SigningError
from labelapp.certificates.numbering import CertificateNumber
from labelapp.certificates.numbering import parse
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import AuditEvent
from labelapp.models import AuditHead
from labelapp.models import Certificate
from labelapp.models import CertificateCounter
from labelapp.models import CertificateStatus
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.services import audit
from labelapp.services import messages
from labelapp.services.actor import Actor
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import certificate_texts
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.services.label_path import history_base
from labelapp.services.label_path import label_history
from labelapp.services.organisations import country_name
from labelapp.services.public_address import verification_url
from labelapp.services.registry import search_key
from labelapp.services.storage import store_file
from labelapp.text import N_
from labelapp.text import Text
from labelapp.text import msg

CERTIFICATE_STALE = msg("The certificate changed since you opened it; reload and try again.")

log = logging.getLogger(__name__)


def today() -> date:
    """The current date in UTC: validity and expiry are counted in UTC days."""
    return datetime.now(UTC).date()


def validity_end(issued_on: date, months: int, assessed_on: date | None = None) -> date:
    """The last day of a validity of ``months`` months.

    It runs from the assessment month, that month counted as the first: assessed on 15
    March 2026 for 24 months, valid to 29 February 2028. A label whose assessment day
    was not recorded (issued before it was) ran from its day of issue to the day before
    the same date ``months`` later.
    """
    if assessed_on is None:
        return add_months(issued_on, months) - timedelta(days=1)
    return add_months(assessed_on.replace(day=1), months) - timedelta(days=1)


def checked_validity(issued_on: date, months: int, assessed_on: date | None) -> date:
    """The validity's last day, refused when it falls before the day of issue: an
    assessment day typed a year or two early would issue a label already expired.

    Raises:
        ValidationFailed: named by ``assessed_on``.
    """
    valid_until = validity_end(issued_on, months, assessed_on)
    if valid_until < issued_on:
        raise ValidationFailed(
            [
                (
                    "assessed_on",
                    msg(
                        "Counted from the assessment day recorded (%(day)s), the label would "
                        "end before it is issued: check the day.",
                        day=str(assessed_on),
                    ),
                )
            ]
        )
    return valid_until


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it has fewer days."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# --- settings ------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateSettings:
    """What certificates need from the configuration; ``labelapp.settings`` builds it once."""

    prefix: str  # LABELAPP_CERTIFICATE_PREFIX: the letters every number starts with
    issuer: str  # LABELAPP_ISSUER_NAME: printed on the PDF and in its signature
    # The issuer key pair: the configured one or the instance's development pair; None
    # when only one of LABELAPP_SIGNING_KEY and LABELAPP_SIGNING_CERT is set.
    signing: KeyPair | None


@dataclass(frozen=True)
class IssuingSettings:
    """What issuing a certificate needs: the settings, and the public address its QR
    code points at (the caller resolves it: configured, or the address served)."""

    certificates: CertificateSettings
    base_url: str


def signing_pair(settings: CertificateSettings) -> KeyPair:
    """The issuer key pair that signs and checks certificate PDFs.

    Raises:
        ValidationFailed: only one of the key and the certificate is configured.
    """
    if settings.signing is None:
        raise ValidationFailed(
            [(None, msg("Set both LABELAPP_SIGNING_KEY and LABELAPP_SIGNING_CERT, or neither."))]
        )
    return settings.signing


# --- lookups -------------------------------------------------------------------------

# Built once: constructing the statement cost as much as running it on a public lookup,
# the busiest query there is.
_BY_NUMBER = select(Certificate).where(Certificate.number == bindparam("number"))


def find(session: Session, text: str, prefix: str) -> Certificate | None:
    """The certificate with this typed number, or None when no such number was issued.

    ``prefix`` is the configured one (``CertificateSettings.prefix``).

    Raises:
        BadNumber: malformed, or the check character does not match.
    """
    number = parse(text, prefix)
    return session.scalar(_BY_NUMBER, {"number": number.text})


def current_for(session: Session, organisation_id: int) -> Certificate | None:
    """The organisation's newest certificate (which may be expired, suspended or revoked)."""
    return session.scalar(
        select(Certificate)
        .where(Certificate.organisation_id == organisation_id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        .limit(1)
    )


RENEWAL_LEAD_MONTHS = 6


def renewal_advised_from(certificate: Certificate) -> date:
    """When to start the next self-assessment so a new label is decided before this one ends.

    Submission, review and (for the top level) a second assessor take weeks; six months
    leave room for a round of requested changes.
    """
    return add_months(certificate.valid_until, -RENEWAL_LEAD_MONTHS)


def for_assessment(session: Session, assessment_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.assessment_id == assessment_id))


# --- issuing -------------------------------------------------------------------------


def _lock_audit_chain(session: Session) -> None:
    # Every issue takes the audit chain's lock before the counter's, as approvals do,
    # so the two locks are always taken in the same order (no deadlock).
    session.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())


def next_number(session: Session, year: int, number_prefix: str) -> CertificateNumber:
    """The next number of the year; concurrent issues queue on the counter's row lock."""
    bump = (
        update(CertificateCounter)
        .where(CertificateCounter.year == year)
        .values(last=CertificateCounter.last + 1)
        .returning(CertificateCounter.last)
    )
    sequence = session.execute(bump).scalar_one_or_none()
    if sequence is None:
        insert = (
            postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        session.execute(
            insert(CertificateCounter).values(year=year, last=0).on_conflict_do_nothing()
        )
        sequence = session.execute(bump).scalar_one()
    return CertificateNumber(number_prefix, year, sequence)


def signed_pdf(content: CertificateContent, pair: KeyPair) -> bytes:
    """The certificate's PDF/A, rendered and signed with the issuer key pair."""
    load_pdf_stack()  # loaded on first use (decision 0010)
    from labelapp.certificates.rendering import renderer
    from labelapp.certificates.signing import sign_pdf

    return sign_pdf(renderer().render(content), pair, content.issuer)


def issue(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    issuing: IssuingSettings,
    on: date | None = None,
) -> Certificate:
    """Issue the approved assessment's certificate: number, signed PDF, stored bytes.

    Runs inside the caller's transaction (the approval's, or issue_pending's): either
    the certificate, its PDF and its audit event are all there, or none is.

    Raises:
        NotAllowed: the assessment is not approved or already has a certificate.
    """
    if assessment.status is not AssessmentStatus.APPROVED or not assessment.approved_level:
        raise NotAllowed(msg("Only an approved assessment gets a certificate."))
    scheme = scheme_of(assessment)
    rule = scheme.level(assessment.approved_level)
    if rule is None:
        raise NotAllowed(
            msg(
                "The level %(level)s is not in the criteria.",
                level=repr(assessment.approved_level),
            )
        )
    # A label runs from its approval: an issue repaired later keeps the approval's date.
    decided = assessment.decided_at
    issued_on = on or (decided.date() if decided is not None else today())
    _lock_audit_chain(session)
    # Checked under the lock: a concurrent issue for the same assessment has committed.
    if for_assessment(session, assessment.id) is not None:
        raise NotAllowed(msg("This assessment already has its certificate."))
    number = next_number(session, issued_on.year, issuing.certificates.prefix).text
    organisation = assessment.organisation
    # The label's history goes on when the assessment started in time (decision 30);
    # labels revoked by now are no part of it.
    continued = history_base(session, assessment)
    continuing = [
        label
        for label in (label_history(session, continued) if continued is not None else [])
        if label.status is not CertificateStatus.REVOKED
    ]
    valid_until = checked_validity(issued_on, rule.validity_months, assessment.assessed_on)
    certificate = Certificate(
        number=number,
        organisation_id=organisation.id,
        assessment_id=assessment.id,
        criteria_version_id=assessment.criteria_version_id,
        organisation_name=organisation.name,
        name_key=search_key(organisation.name),
        country=organisation.country,
        level=rule.id,
        level_title=rule.title,
        scheme=scheme.key,
        scheme_title=scheme.title,
        criteria_version=scheme.version,
        issued_on=issued_on,
        assessed_on=assessment.assessed_on,
        valid_until=valid_until,
        continues_id=continued.id if continued is not None else None,
        earlier_labels=json.dumps([label.history_entry for label in continuing]),
        language=organisation.certificate_language,
    )
    content = content_of(session, certificate, issuing)
    try:
        pdf = signed_pdf(content, signing_pair(issuing.certificates))
    except SigningError as error:
        log.error("certificate %s not issued: %s", number, error)
        raise NotAllowed(
            msg(
                "The certificate cannot be signed right now, so nothing was approved. "
                "Ask an administrator to check the issuer key."
            )
        ) from None
    stored = store_file(session, pdf, "application/pdf")
    certificate.pdf_key, certificate.pdf_sha256 = stored.key, stored.sha256
    session.add(certificate)
    session.flush()
    superseded = _settle_succession(session, certificate)
    audit.record(
        session,
        actor,
        "certificate.issued",
        "certificate",
        number,
        after=CertificateStatus.VALID.value,
        details={
            "assessment": assessment.id,
            "organisation": organisation.id,
            "level": rule.id,
            "valid_until": certificate.valid_until.isoformat(),
            "pdf_sha256": stored.sha256,
            "supersedes": superseded,
        },
    )
    return certificate


def content_of(
    session: Session,
    certificate: Certificate,
    issuing: IssuingSettings,
    language: str | None = None,
) -> CertificateContent:
    """What the certificate's PDF says in ``language`` (by default the language it was
    issued in), exactly as printed: the record's facts, the criteria's texts in that
    language (the level's title, the scheme's note), the country's name in it."""
    language = language or certificate.language
    level, note = certificate_texts(session, certificate, language)
    return CertificateContent(
        number=certificate.number,
        organisation=certificate.organisation_name,
        country=country_name(certificate.country, language),
        level=level,
        scheme=certificate.scheme_name,
        criteria_version=certificate.criteria_version,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        verify_url=verification_url(certificate.number, issuing.base_url),
        issuer=issuing.certificates.issuer,
        scheme_note=note,
        language=language,
        assessed_on=certificate.assessed_on,
    )


def _settle_succession(session: Session, certificate: Certificate) -> list[str]:
    """Point every older certificate of the organisation at its newest one.

    Usually the new certificate is the newest; one issued late for an older
    approval (issue-pending) is itself superseded by the newer label.
    Returns the numbers the new certificate supersedes.
    """
    held = session.scalars(
        select(Certificate)
        .where(Certificate.organisation_id == certificate.organisation_id)
        .order_by(Certificate.issued_on, Certificate.id)
    ).all()
    newest = held[-1]
    numbers = []
    for older in held[:-1]:
        if older.superseded_by_id is None:
            older.superseded_by_id = newest.id
            if newest is certificate:
                numbers.append(older.number)
    session.flush()
    return numbers


def pending_assessments(session: Session) -> Sequence[Assessment]:
    """Approved assessments that have no certificate yet (an interrupted issue)."""
    return session.scalars(
        select(Assessment)
        .where(
            Assessment.status == AssessmentStatus.APPROVED,
            ~select(Certificate.id).where(Certificate.assessment_id == Assessment.id).exists(),
        )
        .order_by(Assessment.decided_at, Assessment.id)
    ).all()


# --- lifecycle -----------------------------------------------------------------------

_CHANGES = {
    # action: (the statuses it is allowed from, the status it leads to)
    "suspend": ({CertificateStatus.VALID}, CertificateStatus.SUSPENDED),
    "reinstate": ({CertificateStatus.SUSPENDED}, CertificateStatus.VALID),
    "revoke": ({CertificateStatus.VALID, CertificateStatus.SUSPENDED}, CertificateStatus.REVOKED),
}


def change_status(
    session: Session,
    actor: Actor,
    certificate: Certificate,
    action: str,
    reason: str,
    expected_version: int | None,
) -> None:
    """Suspend, reinstate or revoke, with the public reason; audited in the same transaction.

    Raises:
        NotAllowed: not an administrator, or not possible from the current status.
        ValidationFailed: no reason, or too long.
        StaleState: the certificate changed since the caller read it.
    """
    sources, target = _CHANGES[action]
    if actor.user is None or actor.user.role is not Role.ADMIN or not actor.user.active:
        raise NotAllowed(msg("Only an administrator may change a certificate's status."))
    if expected_version is not None and expected_version != certificate.row_version:
        raise StaleState(CERTIFICATE_STALE)
    if certificate.status not in sources:
        raise NotAllowed(_refusal(certificate.status, action))
    text = reason.strip()
    if not text:
        raise ValidationFailed([("reason", msg("Write the reason; it is shown to the public."))])
    if len(text) > 2000:
        raise ValidationFailed([("reason", msg("Write at most %(limit)s characters.", limit=2000))])
    # The audit chain's lock first, as issuing takes it before touching certificates.
    _lock_audit_chain(session)
    before = certificate.status
    certificate.status = target
    certificate.status_reason = text
    certificate.status_changed_at = utcnow()
    try:
        session.flush()
    except StaleDataError:
        raise StaleState(CERTIFICATE_STALE) from None
    audit.record(
        session,
        actor,
        f"certificate.{action}",
        "certificate",
        certificate.number,
        before=before.value,
        after=target.value,
        details={"reason": text},
    )
    messages.certificate_status_changed(session, certificate, action)


def may_change(certificate: Certificate, action: str) -> bool:
    """Whether ``action`` is open from the certificate's current status."""
    return certificate.status in _CHANGES[action][0]


def history(session: Session, certificate: Certificate) -> Sequence[AuditEvent]:
    """The certificate's audit events, oldest first."""
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "certificate", AuditEvent.object_id == certificate.number)
        .order_by(AuditEvent.sequence)
    ).all()


@dataclass(frozen=True)
class DetailLine:
    """One line of an event's details: "Valid until: 24 Nov 2028".

    ``label`` and ``text`` are English (the label is marked for translation: pages show
    ``_(label)``); ``says`` is the text as a sentence or word to translate, ``day`` the
    day the text is, to write the reader's way. A recorded text (a reason) has neither.
    """

    label: str
    text: str
    organisation_id: int | None = None  # the line names this organisation
    says: Text | None = None
    day: date | None = None


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    lines: list[DetailLine]

    @property
    def change(self) -> str:
        """The status change, "valid → revoked", or ""."""
        before, after = self.event.before, self.event.after
        if before and after:
            return f"{before} → {after}"
        return after or before

    @property
    def states(self) -> list[str]:
        """The change's statuses, marked for translation (pages show ``_(state)``)."""
        states = [self.event.before, self.event.after] if self.event.before else [self.event.after]
        return [_STATE_WORDS.get(state, state) for state in states if state]


# The statuses as the history names them (lower case, as recorded); pages show _(word).
_STATE_WORDS = {
    "valid": N_("valid"),
    "suspended": N_("suspended"),
    "revoked": N_("revoked"),
    "expired": N_("expired"),
}

# The details a certificate's events record, named for people; pages show _(label).
_DETAIL_LABELS = {
    "assessment": N_("Assessment"),
    "organisation": N_("Organisation"),
    "level": N_("Level"),
    "valid_until": N_("Valid until"),
    "pdf_sha256": N_("PDF SHA-256"),
    "supersedes": N_("Supersedes"),
    "reason": N_("Reason"),
}


def assessment_of(session: Session, certificate: Certificate) -> Assessment | None:
    """The approved assessment the certificate was issued for."""
    return session.get(Assessment, certificate.assessment_id)


def assessment_name(assessment: Assessment) -> Text:
    """An assessment as an administrator recognises it: whose, and when it was decided."""
    decided = assessment.decided_at or assessment.created_at
    return msg(
        "Self-assessment of %(organisation)s (%(day)s)",
        organisation=assessment.organisation.name,
        day=decided.date(),
    )


def _detail_line(key: str, value: object) -> DetailLine:
    label = _DETAIL_LABELS.get(key) or audit.detail_label(key)
    text = audit.detail_text(value)
    if value is None or value in ("", [], {}):
        return DetailLine(label, text, says=msg("none"))
    if isinstance(value, bool):
        return DetailLine(label, text, says=msg("yes") if value else msg("no"))
    if key == "valid_until" and isinstance(value, str):
        try:
            return DetailLine(label, text, day=date.fromisoformat(value))
        except ValueError:
            pass
    return DetailLine(label, text)


def readable_history(session: Session, certificate: Certificate) -> list[HistoryEntry]:
    """The certificate's audit events, oldest first, each with its details as lines:
    the assessment and organisation named instead of their ids."""
    entries = []
    for event in history(session, certificate):
        lines = []
        for key, value in audit.details_of(event).items():
            line = _detail_line(key, value)
            if key == "organisation" and isinstance(value, int):
                organisation = session.get(Organisation, value)
                if organisation is not None:
                    line = DetailLine(line.label, organisation.name, organisation.id)
            elif key == "assessment" and isinstance(value, int):
                assessment = session.get(Assessment, value)
                if assessment is not None:
                    name = assessment_name(assessment)
                    line = DetailLine(line.label, str(name), assessment.organisation_id, name)
            lines.append(line)
        entries.append(HistoryEntry(event, lines))
    return entries


# Why a change is refused, one whole sentence per status and action (the only
# combinations refused: each action is open from the statuses in _CHANGES).
_REFUSALS = {
    (CertificateStatus.VALID, "reinstate"): msg(
        "This certificate is valid; it cannot be reinstated."
    ),
    (CertificateStatus.SUSPENDED, "suspend"): msg(
        "This certificate is suspended; it cannot be suspended."
    ),
    (CertificateStatus.REVOKED, "suspend"): msg(
        "This certificate is revoked; it cannot be suspended."
    ),
    (CertificateStatus.REVOKED, "reinstate"): msg(
        "This certificate is revoked; it cannot be reinstated."
    ),
    (CertificateStatus.REVOKED, "revoke"): msg(
        "This certificate is revoked; it cannot be revoked."
    ),
}


def _refusal(status: CertificateStatus, action: str) -> Text:
    return _REFUSALS.get(
        (status, action), msg("This certificate's status cannot be changed this way.")
    )


def record_expiries(session: Session, actor: Actor, on: date) -> list[Certificate]:
    """Record, once each, the certificates whose validity ended before ``on``."""
    _lock_audit_chain(session)  # before any certificate row, as issuing does
    expired = session.scalars(
        select(Certificate)
        .where(
            Certificate.valid_until < on,
            Certificate.expiry_recorded_at.is_(None),
            Certificate.status == CertificateStatus.VALID,
            Certificate.superseded_by_id.is_(None),
        )
        .order_by(Certificate.valid_until, Certificate.number)
    ).all()
    for certificate in expired:
        certificate.expiry_recorded_at = utcnow()
        session.flush()
        audit.record(
            session,
            actor,
            "certificate.expired",
            "certificate",
            certificate.number,
            before="valid",
            after="expired",
            details={"valid_until": certificate.valid_until.isoformat()},
        )
    return list(expired)


def expiring_within(session: Session, on: date, days: int) -> Sequence[Certificate]:
    """Currently valid certificates whose validity ends within ``days`` days of ``on``."""
    return session.scalars(
        select(Certificate)
        .where(
            Certificate.status == CertificateStatus.VALID,
            Certificate.superseded_by_id.is_(None),
            Certificate.valid_until >= on,
            Certificate.valid_until <= on + timedelta(days=days),
        )
        .order_by(Certificate.valid_until, Certificate.number)
    ).all()
