"""Self-assessments: start, answers, evidence, completeness, scores and comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assessment import InvalidAnswer
from assessment import Result
from assessment import Scheme
from assessment import score
from assessment.answers import RadarValue
from assessment.answers import read_answer
from assessment.model import Criterion
from assessment.model import Evidence as EvidenceRule
from assessment.model import Indicator
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Organisation
from labelapp.models.assessment import OPEN_STATUSES
from labelapp.services import audit
from labelapp.services import criteria as criteria_service
from labelapp.services.actor import Actor
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.services.label_path import path_facts
from labelapp.services.permissions import manages
from labelapp.text import N_
from labelapp.text import Text
from labelapp.text import msg

DEFAULT_SCHEME = "cluster-excellence"
STALE_MESSAGE = msg(
    "This assessment was changed by someone else since you opened this page, so nothing "
    "was saved. Your entries are shown again: check them against the current answers and save."
)
ALREADY_OPEN = N_("This organisation already has an open assessment.")
# Why an assessment cannot be changed, one whole sentence per state that is not editable.
_NOT_EDITABLE = {
    AssessmentStatus.SUBMITTED: msg("This assessment is submitted: it cannot be changed now."),
    AssessmentStatus.IN_REVIEW: msg("This assessment is in review: it cannot be changed now."),
    AssessmentStatus.APPROVED: msg("This assessment is approved: it cannot be changed now."),
    AssessmentStatus.REJECTED: msg("This assessment is rejected: it cannot be changed now."),
}


def require_editor(session: Session, actor: Actor, assessment: Assessment) -> None:
    """Only the organisation's managers change an assessment, and only while it is a draft.

    Raises:
        NotAllowed: not a manager of it, or it is not editable in its state.
    """
    if actor.user is None or not manages(session, actor.user, assessment.organisation_id):
        raise NotAllowed(msg("Only the organisation's managers may change this assessment."))
    if not assessment.is_editable:
        raise NotAllowed(
            _NOT_EDITABLE.get(
                assessment.status, msg("This assessment cannot be changed in its current state.")
            )
        )


def check_version(assessment: Assessment, expected_version: int | None) -> None:
    """Raises: StaleState when the caller's copy is older than the stored one."""
    if expected_version is not None and expected_version != assessment.row_version:
        raise StaleState(STALE_MESSAGE)


def flush_or_stale(session: Session) -> None:
    """Flush; a concurrent update of the same assessment becomes StaleState."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleState(STALE_MESSAGE) from None


def touch(session: Session, assessment: Assessment) -> None:
    """Record a change: the row version goes up, so concurrent steps conflict.

    Raises:
        StaleState: another transaction changed the assessment first.
    """
    assessment.updated_at = utcnow()
    flush_or_stale(session)


def open_assessment(session: Session, organisation: Organisation) -> Assessment | None:
    return session.scalar(
        select(Assessment).where(
            Assessment.organisation_id == organisation.id, Assessment.status.in_(OPEN_STATUSES)
        )
    )


def history(session: Session, organisation: Organisation) -> list[Assessment]:
    """Every assessment of the organisation, newest first."""
    return list(
        session.scalars(
            select(Assessment)
            .where(Assessment.organisation_id == organisation.id)
            .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        )
    )


def start_assessment(
    session: Session, actor: Actor, organisation: Organisation, scheme_key: str = DEFAULT_SCHEME
) -> Assessment:
    """A new draft pinned to the scheme's current published version.

    Raises:
        NotAllowed: not a manager of the organisation.
        ValidationFailed: an assessment is already open, or no version is published.
    """
    if actor.user is None or not manages(session, actor.user, organisation.id):
        raise NotAllowed(msg("Only the organisation's managers may start an assessment."))
    if open_assessment(session, organisation) is not None:
        raise ValidationFailed([(None, ALREADY_OPEN)])
    version = criteria_service.current_version(session, scheme_key)
    if version is None:
        raise ValidationFailed(
            [(None, msg("No version of %(scheme)s is published yet.", scheme=scheme_key))]
        )
    assessment = Assessment(
        organisation_id=organisation.id,
        criteria_version_id=version.id,
        created_by_id=actor.user.id,
    )
    session.add(assessment)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # another manager started one at the same moment
        raise ValidationFailed([(None, ALREADY_OPEN)]) from None
    audit.record(
        session,
        actor,
        "assessment.started",
        "assessment",
        assessment.id,
        after=assessment.status.value,
        details={"criteria": version.label},
    )
    return assessment


def scheme_of(assessment: Assessment) -> Scheme:
    """The pinned criteria version, checked against its hash.

    Raises:
        CriteriaTampered: the stored version was altered.
    """
    return criteria_service.load_scheme(assessment.criteria_version)


def refusal_message(error: InvalidAnswer) -> Text:
    """What a manager or an assessor reads next to an answer the criteria refuse."""
    details = error.details
    if error.reason == "not_a_number":
        return msg("Enter a number, e.g. 12 or 2.5.")
    if error.reason == "out_of_range":
        return msg(
            "Enter a number from %(minimum)s to %(maximum)s.",
            minimum=details["minimum"],
            maximum=details["maximum"],
        )
    if error.reason == "not_whole":
        return msg("Enter a whole number.")
    if error.reason == "radar_part_missing":
        # One sentence per attribute: the attribute's name is translated with it.
        attribute = details.get("attribute")
        if attribute == "approach":
            return msg("Choose a step for Approach as well.")
        if attribute == "deployment":
            return msg("Choose a step for Deployment as well.")
        return msg("Choose a step for Assessment & Refinement as well.")
    return msg("Choose one of the listed answers.")


def engine_answers(scheme: Scheme, assessment: Assessment) -> dict[str, Any]:
    """The stored answers as the engine's values (stored texts were checked when saved)."""
    answers: dict[str, Any] = {}
    for answer in assessment.answers:
        item = scheme.item(answer.item_id)
        if item is not None and answer.value is not None:
            answers[answer.item_id] = read_answer(item, answer.value)
    return answers


def radar_means(scheme: Scheme, assessment: Assessment) -> dict[str, int]:
    """Each answered RADAR criterion's percentage: its attributes' mean, as the engine
    rounds it."""
    return {
        item_id: value.percent
        for item_id, value in engine_answers(scheme, assessment).items()
        if isinstance(value, RadarValue) and value.percent is not None
    }


def result_of(session: Session, assessment: Assessment) -> Result:
    """The engine's scores for the stored answers, with the pinned version and what the
    path rules know of the organisation's earlier labels."""
    scheme = scheme_of(assessment)
    return score(scheme, engine_answers(scheme, assessment), path_facts(session, assessment))


@dataclass(frozen=True)
class Missing:
    item_id: str
    kind: str  # "sections" or "indicators": which kind of page holds it
    page: str  # the section or indicator area whose page holds it
    title: str
    what: str  # "answer", "evidence" or "confirm" (a carried-over answer to confirm)
    order: int  # position in the criteria file


def missing_items(scheme: Scheme, assessment: Assessment) -> list[Missing]:
    """Each required answer and each required piece of evidence not yet given, and each
    answer carried over from the renewed label and not yet confirmed."""
    answered = {a.item_id for a in assessment.answers if a.value is not None}
    carried = {a.item_id for a in assessment.answers if a.carried_over}
    evidenced = {e.item_id for e in assessment.evidence}
    missing: list[Missing] = []
    entries: list[tuple[Criterion | Indicator, str, str]] = [
        (c, "sections", s.id) for s in scheme.sections for c in s.criteria
    ]
    entries += [(i, "indicators", i.area) for i in scheme.indicators]
    for order, (item, kind, page) in enumerate(entries):
        if item.required and item.id not in answered:
            missing.append(Missing(item.id, kind, page, item.title, "answer", order))
        elif item.id in carried:
            missing.append(Missing(item.id, kind, page, item.title, "confirm", order))
        if item.evidence is EvidenceRule.REQUIRED and item.id not in evidenced:
            missing.append(Missing(item.id, kind, page, item.title, "evidence", order))
    return missing


class Page(NamedTuple):
    """One page of the answer form: a section's criteria or an indicator area."""

    kind: str  # "sections" or "indicators"
    id: str
    title: str
    answered: int
    total: int


def page_items(scheme: Scheme, kind: str, page_id: str) -> list[Criterion | Indicator] | None:
    """The criteria of a section or the indicators of an area; None when unknown."""
    if kind == "sections":
        section = next((s for s in scheme.sections if s.id == page_id), None)
        return list(section.criteria) if section else None
    if kind == "indicators":
        items: list[Criterion | Indicator] = [i for i in scheme.indicators if i.area == page_id]
        return items or None
    return None


def pages_of(scheme: Scheme, assessment: Assessment) -> list[Page]:
    """Every page of the answer form, in order, with how many of its items are answered."""
    answered = {a.item_id for a in assessment.answers if a.value is not None}
    pages = [
        Page("sections", s.id, s.title, sum(c.id in answered for c in s.criteria), len(s.criteria))
        for s in scheme.sections
    ]
    for area in scheme.indicator_areas:
        ids = [i.id for i in scheme.indicators if i.area == area.id]
        pages.append(
            Page("indicators", area.id, area.title, sum(i in answered for i in ids), len(ids))
        )
    return pages


def previous_assessment(session: Session, assessment: Assessment) -> Assessment | None:
    """The organisation's assessment before this one."""
    return session.scalar(
        select(Assessment)
        .where(
            Assessment.organisation_id == assessment.organisation_id,
            Assessment.id != assessment.id,
            Assessment.created_at <= assessment.created_at,
        )
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        .limit(1)
    )
