"""Who is told what, and when (issue 17): one function per event, called by the
service that makes the change, in its transaction. Each writes the facts the message
tells to the outbox; ``write`` turns them into the texts when the message is sent.

Optional kinds (new submissions and second-assessor requests for assessors, expiry
reminders for managers) can be turned off by their recipient; decisions, certificate
changes, invitations and password resets cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.languages import DEFAULT
from labelapp.languages import catalogue
from labelapp.languages import format_locale
from labelapp.mail.compose import Written
from labelapp.mail.compose import write as write_texts
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import Invitation
from labelapp.models import Organisation
from labelapp.models import OrganisationManager
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import outbox
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import certificate_texts
from labelapp.services.criteria_texts import scheme_in
from labelapp.services.outbox import SECRET_PATH
from labelapp.services.outbox import Addressee
from labelapp.services.permissions import conflicted_users
from labelapp.text import Text
from labelapp.text import msg

SUBMITTED = "assessment_submitted"
SECOND_ASSESSOR = "second_assessor_needed"
CHANGES_REQUESTED = "changes_requested"
REJECTED = "assessment_rejected"
APPROVED = "assessment_approved"
CERTIFICATE_STATUS = "certificate_status"
INVITATION = "manager_invitation"
REMINDER = "expiry_reminder"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of message, not a password)

# The kinds a recipient may turn off, with what the preferences page calls them.
OPTIONAL: dict[str, Text] = {
    SUBMITTED: msg("An assessment is submitted for review"),
    SECOND_ASSESSOR: msg("A level needs a second assessor's confirmation"),
    REMINDER: msg("A label of an organisation I manage expires, or its renewal window ends"),
}

_SUBJECTS: dict[str, Callable[[dict[str, Any]], Text]] = {
    SUBMITTED: lambda f: msg("Submitted for review: %(organisation)s", **f),
    SECOND_ASSESSOR: lambda f: msg("Second assessor needed: %(organisation)s", **f),
    CHANGES_REQUESTED: lambda f: msg("Changes requested: %(organisation)s", **f),
    REJECTED: lambda f: msg("Assessment rejected: %(organisation)s", **f),
    APPROVED: lambda f: msg("Label awarded: %(organisation)s, %(level)s", **f),
    CERTIFICATE_STATUS: lambda f: _STATUS_SUBJECTS[f["action"]](f),
    INVITATION: lambda f: msg("Invitation to co-manage %(organisation)s", **f),
    PASSWORD_RESET: lambda f: msg("Choose a new password", **f),
    REMINDER: lambda f: _REMINDER_SUBJECTS.get(f["window"], _REMINDER_SUBJECTS["days"])(f),
}
_REMINDER_SUBJECTS: dict[str, Callable[[dict[str, Any]], Text]] = {
    "days": lambda f: msg("Label %(number)s of %(organisation)s expires on %(valid_until)s", **f),
    "expired": lambda f: msg("Label %(number)s of %(organisation)s has expired", **f),
    "grace_ends": lambda f: msg(
        "Last day to renew label %(number)s of %(organisation)s with its history", **f
    ),
}
_STATUS_SUBJECTS: dict[str, Callable[[dict[str, Any]], Text]] = {
    "suspend": lambda f: msg("Certificate %(number)s suspended", **f),
    "reinstate": lambda f: msg("Certificate %(number)s reinstated", **f),
    "revoke": lambda f: msg("Certificate %(number)s revoked", **f),
}


def subject_of(message: OutboxMessage) -> str:
    """The subject in the message's language: as sent, or as it will be."""
    if message.subject:
        return message.subject
    subject = _SUBJECTS[message.kind](message.facts)
    return catalogue(message.language).gettext(subject.message) % dict(subject.params)


def optional_kinds(user: User) -> list[str]:
    """The kinds ``user`` may turn off: those their role receives."""
    if user.role is Role.ASSESSOR:
        return [SUBMITTED, SECOND_ASSESSOR]
    if user.role is Role.MANAGER:
        return [REMINDER]
    return []


def write(message: OutboxMessage, base_url: str, issuer: str) -> Written:
    """The message's subject and bodies in its language, links on ``base_url``, signed
    by ``issuer``."""
    facts = message.facts
    translated = subject_of(message)
    return write_texts(
        message.kind, message.language, translated, facts, base_url, message.to_name or "", issuer
    )


def _managers(session: Session, organisation_id: int) -> Sequence[Any]:
    """The organisation's active managers as the outbox needs them (id, email,
    display_name, language), each with the organisation's name and certificate
    language: one light query, the same whatever the decision."""
    return session.execute(
        select(
            User.id,
            User.email,
            User.display_name,
            User.language,
            Organisation.name.label("organisation_name"),
            Organisation.certificate_language,
        )
        .join(OrganisationManager, OrganisationManager.user_id == User.id)
        .join(Organisation, Organisation.id == OrganisationManager.organisation_id)
        .where(OrganisationManager.organisation_id == organisation_id, User.active.is_(True))
        .order_by(User.id)
    ).all()


def _level_title(assessment: Assessment, level: str, language: str) -> str:
    rule = scheme_in(scheme_of(assessment), language).level(level)
    return rule.title if rule is not None else level


def _language(user: Addressee, fallback: str = DEFAULT) -> str:
    return user.language or fallback


def _to_managers(session: Session, assessment: Assessment, kind: str) -> None:
    """A decision's message to the managers: the note and the assessment's page."""
    for manager in _managers(session, assessment.organisation_id):
        facts = {
            "organisation": manager.organisation_name,
            "note": assessment.decision_note,
            "path": f"/assessments/{assessment.id}",
        }
        language = _language(manager, manager.certificate_language)
        outbox.queue(session, kind, facts, to=manager, language=language)


def _assessor_facts(assessment: Assessment, path: str) -> dict[str, Any]:
    organisation = assessment.organisation
    return {
        "organisation": organisation.name,
        "country": organisation.country,
        "version": assessment.criteria_version.label,
        "path": path,
    }


def _eligible_assessors(session: Session, assessment: Assessment, kind: str) -> list[User]:
    """Active assessors who may take the step: not conflicted, not the lead, and the
    one it is reserved for when an administrator reserved it; minus those who turned
    ``kind`` off."""
    if assessment.assigned_assessor_id is not None and kind == SUBMITTED:
        candidates = [session.get(User, assessment.assigned_assessor_id)]
    else:
        candidates = list(
            session.scalars(
                select(User)
                .where(User.role == Role.ASSESSOR, User.active.is_(True))
                .order_by(User.id)
            )
        )
    conflicted = conflicted_users(session, assessment.organisation_id)
    chosen = [
        user
        for user in candidates
        if user is not None
        and user.active
        and user.id != assessment.lead_assessor_id
        and user.id not in conflicted
    ]
    off = outbox.opted_out(session, kind, chosen)
    return [user for user in chosen if user.id not in off]


def assessment_submitted(session: Session, assessment: Assessment) -> None:
    """To the assessors who may claim it (or the one it is reserved for)."""
    facts = _assessor_facts(assessment, f"/review/{assessment.id}/claim")
    for assessor in _eligible_assessors(session, assessment, SUBMITTED):
        outbox.queue(session, SUBMITTED, facts, to=assessor)


def second_assessor_needed(session: Session, assessment: Assessment) -> None:
    """To the assessors who may confirm the level the lead proposed."""
    for assessor in _eligible_assessors(session, assessment, SECOND_ASSESSOR):
        language = _language(assessor)
        facts = {
            **_assessor_facts(assessment, f"/review/{assessment.id}/confirm"),
            "level": _level_title(assessment, assessment.pending_level or "", language),
        }
        outbox.queue(session, SECOND_ASSESSOR, facts, to=assessor, language=language)


def changes_requested(session: Session, assessment: Assessment) -> None:
    _to_managers(session, assessment, CHANGES_REQUESTED)


def assessment_rejected(session: Session, assessment: Assessment) -> None:
    _to_managers(session, assessment, REJECTED)


def assessment_approved(session: Session, assessment: Assessment, certificate: Certificate) -> None:
    """To the managers, with the certificate's verification link."""
    managers = _managers(session, assessment.organisation_id)
    organisation = assessment.organisation
    for manager in managers:
        language = _language(manager, organisation.certificate_language)
        facts = {
            "organisation": organisation.name,
            "level": _level_title(assessment, certificate.level, language),
            "number": certificate.number,
            "valid_until": format_date(
                certificate.valid_until, "long", locale=format_locale(language)
            ),
            "path": f"/verify/{certificate.number}",
            "assessment_path": f"/assessments/{assessment.id}",
        }
        outbox.queue(session, APPROVED, facts, to=manager, language=language)


def certificate_status_changed(session: Session, certificate: Certificate, action: str) -> None:
    """Suspended, reinstated or revoked: to the managers, with the public reason."""
    managers = _managers(session, certificate.organisation_id)
    organisation = certificate.organisation
    facts = {
        "organisation": organisation.name,
        "number": certificate.number,
        "action": action,
        "reason": certificate.status_reason,
        "path": f"/verify/{certificate.number}",
    }
    for manager in managers:
        language = _language(manager, organisation.certificate_language)
        outbox.queue(session, CERTIFICATE_STATUS, facts, to=manager, language=language)


def manager_invitation(
    session: Session, invitation: Invitation, token: str, inviter: User, days: int
) -> None:
    """The one-time link to the invited address (who may have no account yet), in the
    organisation's certificate language."""
    organisation = invitation.organisation
    language = organisation.certificate_language
    facts = {
        "organisation": organisation.name,
        "inviter": inviter.display_name,
        "days": days,
        SECRET_PATH: f"/invitations/{token}",
    }
    outbox.queue(session, INVITATION, facts, address=invitation.email, language=language)


def password_reset(session: Session, user: User, token: str, hours: int) -> None:
    """The one-time link to choose a new password, to the account's address."""
    outbox.queue(session, PASSWORD_RESET, {"hours": hours, SECRET_PATH: f"/reset/{token}"}, to=user)


def reminder_recipients(session: Session, organisation_ids: set[int]) -> dict[int, list[User]]:
    """Each organisation's active managers who did not turn reminders off (two queries
    for any number of organisations)."""
    rows = session.execute(
        select(OrganisationManager.organisation_id, User)
        .join(User, User.id == OrganisationManager.user_id)
        .where(OrganisationManager.organisation_id.in_(organisation_ids), User.active.is_(True))
        .order_by(OrganisationManager.organisation_id, User.id)
    ).all()
    off = outbox.opted_out(session, REMINDER, {user for _organisation, user in rows})
    found: dict[int, list[User]] = {}
    for organisation_id, user in rows:
        if user.id not in off:
            found.setdefault(organisation_id, []).append(user)
    return found


def expiry_reminder(
    session: Session,
    certificate: Certificate,
    manager: User,
    language: str,
    window: str,
    valid_until: str,
    grace_ends: str,
    key: str,
) -> None:
    """One reminder of a label's window (``labelapp.services.reminders``) to one manager."""
    organisation = certificate.organisation
    facts = {
        "organisation": organisation.name,
        "number": certificate.number,
        "level": certificate_texts(session, certificate, language)[0],
        "window": window if window in _REMINDER_SUBJECTS else "days",
        "valid_until": valid_until,
        "grace_ends": grace_ends,
        "path": f"/organisations/{organisation.slug}",
    }
    outbox.queue(session, REMINDER, facts, to=manager, language=language, dedupe_key=key)
