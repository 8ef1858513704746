"""The assessment state machine: every transition checks the expected state and row
version and writes its audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import NamedTuple

from sqlalchemy.orm import Session

from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus as S
from labelapp.models import Role
from labelapp.services import audit
from labelapp.services import messages
from labelapp.services.actor import Actor
from labelapp.services.assessments import check_version
from labelapp.services.assessments import flush_or_stale
from labelapp.services.assessments import missing_items
from labelapp.services.assessments import scheme_of
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.permissions import manages
from labelapp.text import Text
from labelapp.text import msg


class Transition(NamedTuple):
    sources: frozenset[S]
    target: S
    role: Role
    stamp: str | None  # the assessment's timestamp column this transition sets
    done: str  # "submitted": names the refusal in WRONG_STATE
    lead_only: bool = False  # only the assessor who claimed the review


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        frozenset({S.DRAFT, S.CHANGES_REQUESTED}),
        S.SUBMITTED,
        Role.MANAGER,
        "submitted_at",
        "submitted",
    ),
    "withdraw": Transition(
        frozenset({S.SUBMITTED}), S.DRAFT, Role.MANAGER, "withdrawn_at", "withdrawn"
    ),
    "claim": Transition(
        frozenset({S.SUBMITTED}), S.IN_REVIEW, Role.ASSESSOR, "review_started_at", "claimed"
    ),
    "request_changes": Transition(
        frozenset({S.IN_REVIEW}),
        S.CHANGES_REQUESTED,
        Role.ASSESSOR,
        "changes_requested_at",
        "returned",
        lead_only=True,
    ),
    "reject": Transition(
        frozenset({S.IN_REVIEW}), S.REJECTED, Role.ASSESSOR, "decided_at", "rejected", True
    ),
    "approve": Transition(
        frozenset({S.IN_REVIEW}), S.APPROVED, Role.ASSESSOR, "decided_at", "approved", True
    ),
    # Four eyes: the lead proposes, a second assessor confirms (or declines).
    "propose_approval": Transition(
        frozenset({S.IN_REVIEW}), S.IN_REVIEW, Role.ASSESSOR, None, "approved", True
    ),
    "confirm_approval": Transition(
        frozenset({S.IN_REVIEW}), S.APPROVED, Role.ASSESSOR, "decided_at", "confirmed"
    ),
    "decline_approval": Transition(
        frozenset({S.IN_REVIEW}), S.IN_REVIEW, Role.ASSESSOR, None, "declined"
    ),
}


# Why a transition is refused in a state it does not start from, by (done, state): a whole
# sentence per case, so that each language words it its own way (decision 21).
WRONG_STATE: dict[tuple[str, S], Text] = {
    ("submitted", S.SUBMITTED): msg("This assessment is submitted; it cannot be submitted now."),
    ("submitted", S.IN_REVIEW): msg("This assessment is in review; it cannot be submitted now."),
    ("submitted", S.APPROVED): msg("This assessment is approved; it cannot be submitted now."),
    ("submitted", S.REJECTED): msg("This assessment is rejected; it cannot be submitted now."),
    ("withdrawn", S.DRAFT): msg("This assessment is draft; it cannot be withdrawn now."),
    ("withdrawn", S.IN_REVIEW): msg("This assessment is in review; it cannot be withdrawn now."),
    ("withdrawn", S.CHANGES_REQUESTED): msg(
        "This assessment is changes requested; it cannot be withdrawn now."
    ),
    ("withdrawn", S.APPROVED): msg("This assessment is approved; it cannot be withdrawn now."),
    ("withdrawn", S.REJECTED): msg("This assessment is rejected; it cannot be withdrawn now."),
    ("claimed", S.DRAFT): msg("This assessment is draft; it cannot be claimed now."),
    ("claimed", S.IN_REVIEW): msg("This assessment is in review; it cannot be claimed now."),
    ("claimed", S.CHANGES_REQUESTED): msg(
        "This assessment is changes requested; it cannot be claimed now."
    ),
    ("claimed", S.APPROVED): msg("This assessment is approved; it cannot be claimed now."),
    ("claimed", S.REJECTED): msg("This assessment is rejected; it cannot be claimed now."),
    ("returned", S.DRAFT): msg("This assessment is draft; it cannot be returned now."),
    ("returned", S.SUBMITTED): msg("This assessment is submitted; it cannot be returned now."),
    ("returned", S.CHANGES_REQUESTED): msg(
        "This assessment is changes requested; it cannot be returned now."
    ),
    ("returned", S.APPROVED): msg("This assessment is approved; it cannot be returned now."),
    ("returned", S.REJECTED): msg("This assessment is rejected; it cannot be returned now."),
    ("rejected", S.DRAFT): msg("This assessment is draft; it cannot be rejected now."),
    ("rejected", S.SUBMITTED): msg("This assessment is submitted; it cannot be rejected now."),
    ("rejected", S.CHANGES_REQUESTED): msg(
        "This assessment is changes requested; it cannot be rejected now."
    ),
    ("rejected", S.APPROVED): msg("This assessment is approved; it cannot be rejected now."),
    ("rejected", S.REJECTED): msg("This assessment is rejected; it cannot be rejected now."),
    ("approved", S.DRAFT): msg("This assessment is draft; it cannot be approved now."),
    ("approved", S.SUBMITTED): msg("This assessment is submitted; it cannot be approved now."),
    ("approved", S.CHANGES_REQUESTED): msg(
        "This assessment is changes requested; it cannot be approved now."
    ),
    ("approved", S.APPROVED): msg("This assessment is approved; it cannot be approved now."),
    ("approved", S.REJECTED): msg("This assessment is rejected; it cannot be approved now."),
    ("confirmed", S.DRAFT): msg("This assessment is draft; it cannot be confirmed now."),
    ("confirmed", S.SUBMITTED): msg("This assessment is submitted; it cannot be confirmed now."),
    ("confirmed", S.CHANGES_REQUESTED): msg(
        "This assessment is changes requested; it cannot be confirmed now."
    ),
    ("confirmed", S.APPROVED): msg("This assessment is approved; it cannot be confirmed now."),
    ("confirmed", S.REJECTED): msg("This assessment is rejected; it cannot be confirmed now."),
    ("declined", S.DRAFT): msg("This assessment is draft; it cannot be declined now."),
    ("declined", S.SUBMITTED): msg("This assessment is submitted; it cannot be declined now."),
    ("declined", S.CHANGES_REQUESTED): msg(
        "This assessment is changes requested; it cannot be declined now."
    ),
    ("declined", S.APPROVED): msg("This assessment is approved; it cannot be declined now."),
    ("declined", S.REJECTED): msg("This assessment is rejected; it cannot be declined now."),
}
_WRONG_STATE_OTHERWISE = msg("This cannot be done to this assessment in its current state.")


def _may_act(
    session: Session, actor: Actor, assessment: Assessment, transition: Transition
) -> bool:
    user = actor.user
    if user is None or not user.active or user.role is not transition.role:
        return False
    if transition.role is Role.MANAGER:
        return manages(session, user, assessment.organisation_id)
    if transition.lead_only:
        return assessment.lead_assessor_id == user.id
    return True  # any assessor: the caller's guard checks conflicts of interest


def transition(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    action: str,
    expected_version: int | None,
    guard: Callable[[], None] | None = None,
    apply: Callable[[], None] | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Move the assessment along ``action`` or refuse with a clear reason.

    ``guard`` runs after the state and version checks and may refuse; ``apply``
    makes the transition's other changes, flushed and audited together.

    Raises:
        NotAllowed: wrong role, not the organisation's, or the wrong state.
        StaleState: the assessment changed since the caller read it.
        ValidationFailed: the guard refused (e.g. incomplete answers).
    """
    rule = TRANSITIONS[action]
    if not _may_act(session, actor, assessment, rule):
        raise NotAllowed(msg("You may not do this to this assessment."))
    check_version(assessment, expected_version)
    if assessment.status not in rule.sources:
        raise NotAllowed(WRONG_STATE.get((rule.done, assessment.status), _WRONG_STATE_OTHERWISE))
    if guard is not None:
        guard()
    before = assessment.status
    # No autoflush while the changes are made: the version check belongs to the one
    # flush below, where a lost race becomes StaleState.
    with session.no_autoflush:
        assessment.status = rule.target
        if rule.stamp is not None:
            setattr(assessment, rule.stamp, utcnow())
        if apply is not None:
            apply()
        assessment.updated_at = utcnow()
    flush_or_stale(session)
    audit.record(
        session,
        actor,
        f"assessment.{action}",
        "assessment",
        assessment.id,
        before=before.value,
        after=rule.target.value,
        details=details,
    )


# Why a submission is refused, per kind of missing item (assessments.missing_items).
_MISSING = {
    "answer": lambda title: msg("%(title)s: an answer is required.", title=title),
    "evidence": lambda title: msg("%(title)s: evidence is required.", title=title),
    "confirm": lambda title: msg(
        "%(title)s: confirm or change the answer carried over from the renewed label.",
        title=title,
    ),
}


def submit_assessment(
    session: Session, actor: Actor, assessment: Assessment, expected_version: int | None
) -> None:
    """Submit for review once every required answer and piece of evidence is there.

    Raises:
        ValidationFailed: one reason per missing item (field = the item id).
        NotAllowed, StaleState: as transition.
    """

    def complete() -> None:
        missing = missing_items(scheme_of(assessment), assessment)
        if missing:
            raise ValidationFailed([(m.item_id, _MISSING[m.what](m.title)) for m in missing])

    def next_round() -> None:
        assessment.round += 1  # a new review round; earlier rounds keep their reviews

    transition(
        session, actor, assessment, "submit", expected_version, guard=complete, apply=next_round
    )
    messages.assessment_submitted(session, assessment)


def withdraw_assessment(
    session: Session, actor: Actor, assessment: Assessment, expected_version: int | None
) -> None:
    """Take a submission back to draft before any assessor has claimed it.

    Raises: NotAllowed, StaleState.
    """
    transition(session, actor, assessment, "withdraw", expected_version)
