"""Assessor reviews: the queue, claiming with a conflict-of-interest declaration,
validated values and comments, and the decisions (with four eyes where required)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import InvalidAnswer
from assessment import Result
from assessment import Scheme
from assessment import score
from assessment.answers import answer_text
from assessment.answers import read_answer
from assessment.path import PathFacts
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Organisation
from labelapp.models import Review
from labelapp.models import ReviewItem
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import assessment_dates
from labelapp.services import audit
from labelapp.services import certificates
from labelapp.services.actor import Actor
from labelapp.services.assessment_dates import AssessmentDates
from labelapp.services.assessments import check_version
from labelapp.services.assessments import engine_answers
from labelapp.services.assessments import refusal_message
from labelapp.services.assessments import result_of
from labelapp.services.assessments import scheme_of
from labelapp.services.assessments import touch
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.label_path import path_facts
from labelapp.services.permissions import has_conflict
from labelapp.services.workflow import transition
from labelapp.text import Text
from labelapp.text import msg

LEAD = "lead"
CONFIRMER = "confirmer"


def may_review(session: Session, user: User, assessment: Assessment) -> bool:
    """An assessor sees an assessment they lead, or one they may claim or confirm."""
    if not (user.is_authenticated and user.active and user.role is Role.ASSESSOR):
        return False
    # A conflict recorded after the claim ends the lead's access too.
    if has_conflict(session, user, assessment.organisation_id):
        return False
    if assessment.status is AssessmentStatus.IN_REVIEW and assessment.lead_assessor_id == user.id:
        return True
    if assessment.status is AssessmentStatus.SUBMITTED:
        return assessment.assigned_assessor_id in (None, user.id)
    return assessment.status is AssessmentStatus.IN_REVIEW and assessment.pending_level is not None


def reviewable_assessment(session: Session, user: User, assessment_id: int) -> Assessment | None:
    """The assessment if the user may claim, lead or confirm it (may_review); else None."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or not may_review(session, user, assessment):
        return None
    return assessment


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""  # "submitted", "mine" or "" for both
    country: str = ""
    level: str = ""  # the level the self-assessment claims
    version: str = ""  # criteria version label, e.g. "cluster-excellence 2026.1"


@dataclass(frozen=True)
class QueueRow:
    assessment: Assessment
    organisation: Organisation
    claimed_level: str | None
    claimed_total: Any


def queue(session: Session, assessor: User, filters: QueueFilters) -> list[QueueRow]:
    """Submitted assessments the assessor may claim, and their own reviews, oldest first."""
    rows = session.execute(
        select(Assessment, Organisation)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(Assessment.status.in_([AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW]))
        .order_by(Assessment.submitted_at, Assessment.id)
    ).all()
    found: list[QueueRow] = []
    for assessment, organisation in rows:
        mine = assessment.lead_assessor_id == assessor.id
        if not may_review(session, assessor, assessment):
            continue
        if filters.status == "mine" and not mine:
            continue
        if filters.status == "submitted" and assessment.status is not AssessmentStatus.SUBMITTED:
            continue
        if filters.country and organisation.country != filters.country:
            continue
        if filters.version and assessment.criteria_version.label != filters.version:
            continue
        claimed = result_of(session, assessment)
        if filters.level and (claimed.level or "none") != filters.level:
            continue
        found.append(QueueRow(assessment, organisation, claimed.level, claimed.total))
    return found


def current_review(session: Session, assessment: Assessment, assessor: User) -> Review | None:
    """The assessor's review of the assessment's current round."""
    return session.scalar(
        select(Review).where(
            Review.assessment_id == assessment.id,
            Review.round == assessment.round,
            Review.assessor_id == assessor.id,
        )
    )


def lead_review(
    session: Session, assessment: Assessment, round_: int | None = None
) -> Review | None:
    return session.scalar(
        select(Review).where(
            Review.assessment_id == assessment.id,
            Review.round == (assessment.round if round_ is None else round_),
            Review.role == LEAD,
        )
    )


def _require_no_conflict(
    session: Session, actor: Actor, assessment: Assessment, declared: bool
) -> None:
    assert actor.user is not None  # transition() has checked the role
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


def claim(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    declared: bool,
    expected_version: int | None,
) -> Review:
    """Start the review: submitted -> in review, with a declaration of no conflict.

    Raises:
        NotAllowed: a conflict, assigned to someone else, or the wrong state.
        ValidationFailed: no declaration.
        StaleState: someone else claimed it first.
    """

    def guard() -> None:
        _require_no_conflict(session, actor, assessment, declared)
        if assessment.assigned_assessor_id not in (None, actor.user_id):
            raise NotAllowed(msg("An administrator assigned this assessment to another assessor."))

    def apply() -> None:
        assessment.lead_assessor_id = actor.user_id
        assessment.pending_level = None

    transition(session, actor, assessment, "claim", expected_version, guard=guard, apply=apply)
    review = Review(
        assessment_id=assessment.id, round=assessment.round, assessor_id=actor.user_id, role=LEAD
    )
    session.add(review)
    session.flush()
    return review


@dataclass(frozen=True)
class ReviewInput:
    validated_value: str | None  # None: the self-assessed value stands
    strengths: str
    improvements: str


def leading_review(session: Session, actor: Actor, assessment: Assessment) -> Review:
    """The actor's lead review of ``assessment`` while it may still change: in review,
    no approval proposed.

    Raises:
        NotAllowed: the actor does not lead the review, or it cannot change now.
    """
    user = actor.user
    review = current_review(session, assessment, user) if user else None
    if (
        review is None
        or review.role != LEAD
        or assessment.status is not AssessmentStatus.IN_REVIEW
        or assessment.pending_level is not None
    ):
        raise NotAllowed(msg("Only the assessor leading this review may change it now."))
    return review


def save_review(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    inputs: dict[str, ReviewInput],
    recommendation: str | None,
    expected_version: int | None = None,
    dates: AssessmentDates | None = None,
) -> Review:
    """Store the lead assessor's validated values and comments without deciding.

    ``inputs`` holds the items of the page saved (the others keep their values);
    ``recommendation`` and ``dates`` (the assessment's days) None keep the stored ones.

    Raises:
        NotAllowed: not the lead of an assessment in review.
        ValidationFailed: a value the pinned criteria refuse, named by item; dates
            that cannot be (assessment_dates.check), named by field.
    """
    review = leading_review(session, actor, assessment)
    check_version(assessment, expected_version)
    validated = _validated_texts(scheme_of(assessment), inputs)
    existing = {item.item_id: item for item in review.items}
    for item_id, given in inputs.items():
        item = existing.get(item_id)
        if item is None:
            item = ReviewItem(item_id=item_id)
            review.items.append(item)
        item.validated_value = validated[item_id]
        item.strengths, item.improvements = given.strengths, given.improvements
    if recommendation is not None:
        review.recommendation = recommendation
    if dates is not None:
        assessment_dates.record(assessment, dates, certificates.today())
    touch(session, assessment)  # the decision form's version now covers these values
    audit.record(
        session,
        actor,
        "review.saved",
        "assessment",
        assessment.id,
        details={
            "review_id": review.id,
            "items": sorted(inputs),
            "assessed_on": _iso(assessment.assessed_on),
            "assessed_until": _iso(assessment.assessed_until),
        },
    )
    return review


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _validated_texts(scheme: Scheme, inputs: dict[str, ReviewInput]) -> dict[str, str | None]:
    """Each validated value in its stored form, checked as the manager's answers are.

    Raises:
        ValidationFailed: naming each item whose value the pinned criteria refuse.
    """
    texts: dict[str, str | None] = {}
    reasons: list[tuple[str | None, Text | str]] = []
    for item_id, given in inputs.items():
        item = scheme.item(item_id)
        if item is None:
            reasons.append((item_id, msg("Not a criterion or indicator of this assessment.")))
        elif given.validated_value is None or not given.validated_value.strip():
            texts[item_id] = None
        else:
            try:
                texts[item_id] = answer_text(read_answer(item, given.validated_value))
            except InvalidAnswer as error:
                reasons.append((item_id, _refusal(error)))
    if reasons:
        raise ValidationFailed(reasons)
    return texts


def _refusal(error: InvalidAnswer) -> Text:
    """Why a validated value is refused; a RADAR criterion is validated whole: all three
    attributes chosen, or all three left as self-assessed."""
    if error.reason == "radar_part_missing":
        return msg(
            "Choose a validated step for all three attributes, or keep all three as self-assessed."
        )
    return refusal_message(error)


def comments_for_managers(session: Session, assessment: Assessment) -> dict[str, ReviewItem]:
    """The lead assessor's comments of the last finished round, by item, for the managers.

    Shown once the assessment came back (changes requested) or was decided.
    """
    if assessment.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW):
        return {}
    review = lead_review(session, assessment)
    if review is None or review.decision is None:
        return {}
    return {item.item_id: item for item in review.items if item.strengths or item.improvements}


def validated_answers(
    scheme: Scheme, assessment: Assessment, review: Review | None
) -> dict[str, Any]:
    """The self-assessed answers with the assessor's validated values in their place."""
    answers = engine_answers(scheme, assessment)
    for item in review.items if review else []:
        entry = scheme.item(item.item_id)
        if entry is not None and item.validated_value is not None:
            answers[item.item_id] = read_answer(entry, item.validated_value)
    return answers


def validated_result(
    session: Session, assessment: Assessment, facts: PathFacts | None = None
) -> Result:
    """The engine's scores for the lead's validated answers; ``facts``: what the path
    rules are told (default: the organisation's earlier labels, countries not judged)."""
    scheme = scheme_of(assessment)
    return score(
        scheme,
        validated_answers(scheme, assessment, lead_review(session, assessment)),
        facts if facts is not None else path_facts(session, assessment),
    )


@dataclass(frozen=True)
class ReviewPart:
    """One part of the review screen: a section's criteria or an indicator area's
    indicators, with the state of the lead's review of its items."""

    kind: str  # "section" or "area"
    id: str
    title: str
    item_ids: tuple[str, ...]
    validated: int  # items with a validated value (not "as self-assessed")
    commented: int  # items with strengths or areas for improvement written
    differs: tuple[str, ...]  # items whose validated value differs from the self-assessment

    @property
    def total(self) -> int:
        return len(self.item_ids)

    @property
    def all_validated(self) -> bool:
        return self.validated == self.total

    @property
    def all_commented(self) -> bool:
        return self.commented == self.total

    @property
    def key(self) -> str:
        """The part as the review screen names it: ``section:<id>`` or ``area:<id>``
        (a section and an indicator area may share an id)."""
        return f"{self.kind}:{self.id}"


def review_parts(scheme: Scheme, assessment: Assessment, review: Review | None) -> list[ReviewPart]:
    """Every part of the review screen in order (sections, then indicator areas), each
    with how many items are validated and commented and which differ from the answers."""
    answers = engine_answers(scheme, assessment)
    stored = {item.item_id: item for item in review.items} if review else {}
    groups: list[tuple[str, str, str, list[str]]] = [
        ("section", s.id, s.title, [c.id for c in s.criteria]) for s in scheme.sections
    ]
    groups += [
        ("area", a.id, a.title, [i.id for i in scheme.indicators if i.area == a.id])
        for a in scheme.indicator_areas
    ]
    parts: list[ReviewPart] = []
    for kind, part_id, title, ids in groups:
        validated = commented = 0
        differs: list[str] = []
        for item_id in ids:
            item, entry = scheme.item(item_id), stored.get(item_id)
            if item is None or entry is None:
                continue
            commented += bool(entry.strengths.strip() or entry.improvements.strip())
            if entry.validated_value is not None:
                validated += 1
                if read_answer(item, entry.validated_value) != answers.get(item_id):
                    differs.append(item_id)
        parts.append(
            ReviewPart(kind, part_id, title, tuple(ids), validated, commented, tuple(differs))
        )
    return parts
