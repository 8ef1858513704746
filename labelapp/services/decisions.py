"""The lead assessor's decisions, and the second assessor's confirmation where required."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import Session

from assessment.path import path_shortfalls
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import Review
from labelapp.models import User
from labelapp.services import certificates
from labelapp.services import messages
from labelapp.services import validated_results
from labelapp.services.actor import Actor
from labelapp.services.assessment_dates import AssessmentDates
from labelapp.services.assessments import scheme_of
from labelapp.services.certificates import IssuingSettings
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.label_path import assessor_countries
from labelapp.services.label_path import path_facts
from labelapp.services.permissions import has_conflict
from labelapp.services.review import CONFIRMER
from labelapp.services.review import ReviewInput
from labelapp.services.review import current_review
from labelapp.services.review import lead_review
from labelapp.services.review import save_review
from labelapp.services.review import validated_result
from labelapp.services.workflow import transition
from labelapp.text import Text
from labelapp.text import msg


def _note(text: str, field: str, missing: Text) -> str:
    """The note stripped; ``missing`` is the reason when it is empty (a whole sentence)."""
    note = text.strip()
    if not note:
        raise ValidationFailed([(field, missing)])
    if len(note) > 10_000:
        raise ValidationFailed([(field, msg("Write at most %(limit)s characters.", limit=10_000))])
    return note


def _close_lead_review(session: Session, assessment: Assessment, decision: str) -> None:
    review = lead_review(session, assessment)
    if review is not None:
        review.decision, review.decided_at = decision, utcnow()


def _visited(assessment: Assessment, level: str) -> None:
    """Raises: ValidationFailed, the assessment's day is not recorded (an approval needs
    it) or would end the label at ``level`` before it is issued today."""
    if assessment.assessed_on is None:
        raise ValidationFailed(
            [
                (
                    "assessed_on",
                    msg(
                        "Enter the day of the assessment (interview or site visit): the "
                        "label's validity counts from it."
                    ),
                )
            ]
        )
    rule = scheme_of(assessment).level(level)
    assert rule is not None  # the engine's level
    certificates.checked_validity(
        certificates.today(), rule.validity_months, assessment.assessed_on
    )


def _lead_may_decide(session: Session, actor: Actor, assessment: Assessment) -> None:
    if assessment.pending_level is not None:
        raise NotAllowed(msg("The approval awaits a second assessor; it cannot be changed now."))
    if actor.user is not None and has_conflict(session, actor.user, assessment.organisation_id):
        raise NotAllowed(msg("You have a conflict of interest with this organisation."))


def _close_with_note(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    action: str,
    decision: str,
    text: str,
    expected_version: int | None,
) -> None:
    """The lead ends the round with a message the managers read (changes or rejection)."""

    def apply() -> None:
        assessment.decision_note = text
        _close_lead_review(session, assessment, decision)

    transition(
        session,
        actor,
        assessment,
        action,
        expected_version,
        guard=lambda: _lead_may_decide(session, actor, assessment),
        apply=apply,
    )


def request_changes(
    session: Session, actor: Actor, assessment: Assessment, note: str, expected_version: int | None
) -> None:
    """Return the assessment to its managers with what to change.

    Raises: NotAllowed, StaleState, ValidationFailed (no note).
    """
    text = _note(
        note, "note", msg("Write what the managers should change; the managers will read it.")
    )
    _close_with_note(
        session, actor, assessment, "request_changes", "changes_requested", text, expected_version
    )
    messages.changes_requested(session, assessment)


def reject(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    reason: str,
    expected_version: int | None,
) -> None:
    """Refuse the label for this assessment, with the reason the managers will see.

    Raises: NotAllowed, StaleState, ValidationFailed (no reason).
    """
    text = _note(
        reason, "reason", msg("Write why the assessment is rejected; the managers will read it.")
    )
    _close_with_note(session, actor, assessment, "reject", "rejected", text, expected_version)
    messages.assessment_rejected(session, assessment)


def approve(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    expected_version: int | None,
    issuing: IssuingSettings,
) -> Certificate | None:
    """Approve at the level the validated answers reach (the engine's, never typed in).

    Levels that need two assessors are only proposed here (``pending_level``); a
    second assessor confirms. An approval issues the certificate in the same
    transaction, with ``issuing``. Returns the issued certificate, or None when only
    proposed.

    Raises:
        ValidationFailed: the validated answers reach no level, or the assessment's
            day is not recorded.
        NotAllowed, StaleState: as transition.
    """
    result = validated_result(session, assessment)
    level = result.level
    if level is None:
        raise ValidationFailed(
            [
                (
                    None,
                    msg("The validated answers reach no level: request changes or reject instead."),
                )
            ]
        )
    rule = scheme_of(assessment).level(level)
    assert rule is not None  # the engine only returns levels of the scheme
    four_eyes = rule.assessors_required > 1

    def may_approve() -> None:
        _lead_may_decide(session, actor, assessment)
        _visited(assessment, level)

    def apply() -> None:
        if four_eyes:
            assessment.pending_level = level
        else:
            # decision_note stays: the managers' history keeps the round's last message.
            assessment.approved_level = level
        _close_lead_review(session, assessment, "approval_proposed" if four_eyes else "approved")

    transition(
        session,
        actor,
        assessment,
        "propose_approval" if four_eyes else "approve",
        expected_version,
        guard=may_approve,
        apply=apply,
        details={
            "level": level,
            "validated_total": str(result.total),
            "assessed_on": str(assessment.assessed_on),
        },
    )
    if four_eyes:
        messages.second_assessor_needed(session, assessment)
        return None
    validated_results.store(session, assessment, result)
    certificate = certificates.issue(session, actor, assessment, issuing)
    messages.assessment_approved(session, assessment, certificate)
    return certificate


class Decision(StrEnum):
    """What the lead assessor decides at the end of a round."""

    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"


def decide(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    decision: Decision,
    note: str,
    recommendation: str | None,
    expected_version: int | None,
    issuing: IssuingSettings,
    inputs: dict[str, ReviewInput] | None = None,
    dates: AssessmentDates | None = None,
) -> Certificate | None:
    """The lead's decision together with the review notes typed on the same page.

    The notes (``recommendation`` and ``dates``, None: keep the stored ones; ``inputs``,
    items' values and comments) are saved first, then the decision is taken on them, in
    the caller's one transaction: when the decision is refused, the caller rolls
    back and neither is stored. ``note`` is the message to the managers (request
    changes, reject). Returns the issued certificate, as ``approve``.

    Raises: NotAllowed, StaleState, ValidationFailed, as save_review and the decisions.
    """
    save_review(session, actor, assessment, inputs or {}, recommendation, expected_version, dates)
    version = assessment.row_version  # the notes just saved; checked against the posted one
    if decision is Decision.APPROVE:
        certificate = approve(session, actor, assessment, version, issuing)
        if note.strip():  # a message typed with the approval reaches the managers too
            assessment.decision_note = note.strip()
            session.flush()
        return certificate
    if decision is Decision.REJECT:
        reject(session, actor, assessment, note, version)
    else:
        request_changes(session, actor, assessment, note, version)
    return None


def _confirmer_guard(
    session: Session, actor: Actor, assessment: Assessment, declared: bool
) -> None:
    assert actor.user is not None
    if assessment.pending_level is None:
        raise NotAllowed(msg("No approval awaits confirmation."))
    if assessment.lead_assessor_id == actor.user_id:
        raise NotAllowed(msg("A second, different assessor must confirm this approval."))
    if has_conflict(session, actor.user, assessment.organisation_id):
        raise NotAllowed(msg("You have a conflict of interest with this organisation."))
    if not declared:
        raise ValidationFailed(
            [
                (
                    "no_conflict",
                    msg("Declare that you have no conflict of interest with this organisation."),
                )
            ]
        )
    _path_holds(session, actor.user, assessment)


def _path_holds(session: Session, confirmer: User, assessment: Assessment) -> None:
    """The proposed level's path rules hold with the confirmer as second assessor.

    Raises:
        NotAllowed: an assessor's country is not recorded where the level needs
            different countries, or a rule fails (the confirmer's country is the lead's).
    """
    scheme = scheme_of(assessment)
    rule = scheme.level(assessment.pending_level or "")
    assert rule is not None  # pending levels come from the engine
    if rule.assessors_from_different_countries and None in assessor_countries(
        session, assessment, confirmer
    ):
        raise NotAllowed(
            msg(
                "This level needs assessors from two different countries, but your "
                "country or the lead assessor's is not recorded: an administrator records "
                "it on the account."
            )
        )
    facts = path_facts(session, assessment, confirmer)
    for gap in path_shortfalls(scheme, rule, validated_result(session, assessment, facts), facts):
        raise NotAllowed(_PATH_REFUSALS[gap.rule])


# Why a confirmation is refused, per path rule that fails at the confirmation.
_PATH_REFUSALS = {
    "assessors_from_different_countries": msg(
        "This level needs a confirming assessor from another country than the lead "
        "assessor's; you work from the same country, so another assessor must confirm it."
    ),
    "previous_level": msg(
        "The earlier label this level builds on no longer counts (it was revoked): the "
        "level cannot be confirmed."
    ),
    "improvement_areas": msg(
        "Fewer improvement areas are validated than this level needs: it cannot be confirmed."
    ),
    "all_indicators_answered": msg(
        "Not every indicator is answered, which this level needs: it cannot be confirmed."
    ),
}


def _confirmer_review(
    session: Session, actor: Actor, assessment: Assessment, decision: str, note: str
) -> None:
    assert actor.user is not None
    review = current_review(session, assessment, actor.user) or Review(
        assessment_id=assessment.id,
        round=assessment.round,
        assessor_id=actor.user.id,
        role=CONFIRMER,
    )
    review.decision, review.decided_at, review.recommendation = decision, utcnow(), note
    session.add(review)


def confirm(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    declared: bool,
    expected_version: int | None,
    issuing: IssuingSettings,
) -> Certificate:
    """A second assessor confirms the proposed level: approved; returns the issued certificate.

    Raises: NotAllowed (same assessor, conflict, nothing pending), ValidationFailed, StaleState.
    """
    level = assessment.pending_level or ""

    def apply() -> None:
        assessment.approved_level, assessment.pending_level = level, None
        _confirmer_review(session, actor, assessment, "confirmed", "")

    transition(
        session,
        actor,
        assessment,
        "confirm_approval",
        expected_version,
        guard=lambda: _confirmer_guard(session, actor, assessment, declared),
        apply=apply,
        details={"level": level},
    )
    validated_results.store(session, assessment)
    certificate = certificates.issue(session, actor, assessment, issuing)
    messages.assessment_approved(session, assessment, certificate)
    return certificate


def decline(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    declared: bool,
    note: str,
    expected_version: int | None,
) -> None:
    """The second assessor does not confirm: the review goes back to its lead with a note.

    Raises: NotAllowed, ValidationFailed, StaleState.
    """
    text = _note(note, "note", msg("Write why you do not confirm; the managers will read it."))

    def apply() -> None:
        assessment.pending_level = None
        _confirmer_review(session, actor, assessment, "declined", text)

    transition(
        session,
        actor,
        assessment,
        "decline_approval",
        expected_version,
        guard=lambda: _confirmer_guard(session, actor, assessment, declared),
        apply=apply,
        details={"note": text},
    )
