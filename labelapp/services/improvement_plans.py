"""Improvement plans: the areas a label's managers commit to improve, reported on at the
next assessment and validated there by its lead assessor (the path's improvement
areas, decision 29).

Areas are declared on the benchmarking report of the organisation's latest approved
assessment (the *base*) and are fixed once the next assessment starts: what is judged
is what was promised before, not what was chosen afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessment import Scheme
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import CertificateStatus
from labelapp.models import ImprovementArea
from labelapp.models.improvement import ACHIEVED
from labelapp.models.improvement import NOT_ACHIEVED
from labelapp.services import audit
from labelapp.services import certificates
from labelapp.services.actor import Actor
from labelapp.services.assessments import check_version
from labelapp.services.assessments import require_editor
from labelapp.services.assessments import scheme_of
from labelapp.services.assessments import touch
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.evidence import WEB_ADDRESS
from labelapp.services.evidence import is_web_address
from labelapp.services.label_path import history_base
from labelapp.services.permissions import manages
from labelapp.services.review import leading_review
from labelapp.text import Text
from labelapp.text import msg

MAX_AREAS = 10  # a plan, not a wish list
MAX_TARGET_MONTHS = 36  # the next assessment comes within a label's validity
MAX_TEXT = 5_000
VERDICTS = (ACHIEVED, NOT_ACHIEVED)
ALREADY_DECLARED = msg("This area is already in the plan.")


def base_of(session: Session, assessment: Assessment) -> Assessment | None:
    """The approved assessment ``assessment`` builds on: that of the label whose history
    it continues (label_path.history_base); None when it starts afresh."""
    label = history_base(session, assessment)
    return session.get(Assessment, label.assessment_id) if label is not None else None


def areas_of(session: Session, base: Assessment) -> list[ImprovementArea]:
    """The areas declared on ``base``'s report, in the order they were declared."""
    return list(
        session.scalars(
            select(ImprovementArea)
            .where(ImprovementArea.base_assessment_id == base.id)
            .order_by(ImprovementArea.id)
        )
    )


def areas_for(session: Session, assessment: Assessment) -> list[ImprovementArea]:
    """The areas ``assessment`` reports on: those of the label it builds on."""
    base = base_of(session, assessment)
    return areas_of(session, base) if base is not None else []


def plans_open(session: Session, base: Assessment) -> bool:
    """True while areas may be declared or withdrawn on ``base``'s report: its label
    stands (not revoked) and no assessment of the organisation was started after it
    was approved."""
    later = session.scalar(
        select(func.count())
        .select_from(Assessment)
        .where(
            Assessment.organisation_id == base.organisation_id,
            Assessment.id != base.id,
            Assessment.created_at >= base.decided_at,
        )
    )
    label = certificates.for_assessment(session, base.id)
    revoked = label is None or label.status is CertificateStatus.REVOKED
    return base.status is AssessmentStatus.APPROVED and not later and not revoked


@dataclass(frozen=True)
class Subject:
    """A section or indicator of the base's criteria an area may be about."""

    kind: str  # "section" or "indicator"
    id: str
    title: str


def subjects(scheme: Scheme) -> list[Subject]:
    """Every section, then every indicator, in the criteria's order."""
    return [
        *(Subject("section", section.id, section.title) for section in scheme.sections),
        *(Subject("indicator", item.id, item.title) for item in scheme.indicators),
    ]


def subject_title(scheme: Scheme, area: ImprovementArea) -> str:
    """The area's section or indicator as ``scheme`` (in the reader's language) titles it."""
    found = next((s for s in subjects(scheme) if (s.kind, s.id) == (area.kind, area.subject)), None)
    return found.title if found else area.subject


def _plan_manager(session: Session, actor: Actor, base: Assessment) -> None:
    if actor.user is None or not manages(session, actor.user, base.organisation_id):
        raise NotAllowed(msg("Only the organisation's managers may change its improvement plan."))
    if not plans_open(session, base):
        raise NotAllowed(
            msg(
                "The improvement plan is fixed once the next assessment has started: the "
                "assessors judge what was promised before it."
            )
        )


def declare(
    session: Session,
    actor: Actor,
    base: Assessment,
    subject: str,
    plan: str,
    target_on: date | None,
) -> ImprovementArea:
    """Add an area to the plan of ``base``'s report; ``subject`` is "<kind>:<id>".

    Raises:
        NotAllowed: not a manager, or the plan is fixed.
        ValidationFailed: an unknown or repeated area, no plan, a target date that is
            not ahead or more than MAX_TARGET_MONTHS ahead, or MAX_AREAS reached;
            each named by its field.
    """
    _plan_manager(session, actor, base)
    kind, _, item = subject.partition(":")
    known = {(s.kind, s.id) for s in subjects(scheme_of(base))}
    declared = areas_of(session, base)
    reasons: list[tuple[str | None, Text | str]] = []
    if (kind, item) not in known:
        reasons.append(("subject", msg("Choose a section or indicator of the criteria.")))
    elif any((area.kind, area.subject) == (kind, item) for area in declared):
        reasons.append(("subject", ALREADY_DECLARED))
    if len(declared) >= MAX_AREAS:
        reasons.append(("subject", msg("A plan holds at most %(count)s areas.", count=MAX_AREAS)))
    plan = plan.strip()
    if not plan:
        reasons.append(
            ("plan", msg("Write the plan: what you will do to improve this area, and how."))
        )
    elif len(plan) > MAX_TEXT:
        reasons.append(("plan", msg("Write at most %(limit)s characters.", limit=MAX_TEXT)))
    today = certificates.today()
    if target_on is None:
        reasons.append(("target_on", msg("Enter the date by which the plan is carried out.")))
    elif target_on <= today:
        reasons.append(("target_on", msg("The target date must lie ahead.")))
    elif target_on > certificates.add_months(today, MAX_TARGET_MONTHS):
        reasons.append(
            (
                "target_on",
                msg(
                    "The target date lies at most %(months)s months ahead.",
                    months=MAX_TARGET_MONTHS,
                ),
            )
        )
    if reasons:
        raise ValidationFailed(reasons)
    assert target_on is not None and actor.user_id is not None
    area = ImprovementArea(
        organisation_id=base.organisation_id,
        base_assessment_id=base.id,
        kind=kind,
        subject=item,
        plan=plan,
        target_on=target_on,
        declared_by_id=actor.user_id,
    )
    try:
        with session.begin_nested():  # a failed savepoint drops the object too
            session.add(area)
            session.flush()
    except IntegrityError:  # the same area declared a moment ago
        raise ValidationFailed([("subject", ALREADY_DECLARED)]) from None
    audit.record(
        session,
        actor,
        "improvement_area.declared",
        "organisation",
        base.organisation_id,
        details={"area": area.id, "subject": subject, "target_on": target_on.isoformat()},
    )
    return area


def withdraw(session: Session, actor: Actor, area: ImprovementArea) -> None:
    """Take an area out of the plan while it is open. Raises: NotAllowed."""
    base = session.get(Assessment, area.base_assessment_id)
    assert base is not None
    _plan_manager(session, actor, base)
    session.delete(area)
    session.flush()
    audit.record(
        session,
        actor,
        "improvement_area.withdrawn",
        "organisation",
        base.organisation_id,
        details={"area": area.id, "subject": f"{area.kind}:{area.subject}"},
    )


@dataclass(frozen=True)
class Achievement:
    """What the managers report of one area: what was done, and where it shows."""

    achieved: str
    evidence_link: str = ""


def report(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    given: dict[int, Achievement],
    expected_version: int | None,
) -> None:
    """The managers report on the areas ``assessment`` builds on (ids in ``given``).

    Raises:
        NotAllowed: not a manager, or the assessment is not editable.
        StaleState: the assessment changed since the page was read.
        ValidationFailed: an area not of this assessment, an achievement over
            MAX_TEXT characters or a link that is not a web address, named by
            ``achieved__<id>`` or ``evidence_link__<id>``.
    """
    require_editor(session, actor, assessment)
    check_version(assessment, expected_version)
    areas = {area.id: area for area in areas_for(session, assessment)}
    reasons: list[tuple[str | None, Text | str]] = []
    for area_id, achievement in given.items():
        if area_id not in areas:
            reasons.append((None, msg("This improvement area is not one of this assessment.")))
            continue
        if len(achievement.achieved.strip()) > MAX_TEXT:
            reasons.append(
                (f"achieved__{area_id}", msg("Write at most %(limit)s characters.", limit=MAX_TEXT))
            )
        link = achievement.evidence_link.strip()
        if link and not is_web_address(link):
            reasons.append((f"evidence_link__{area_id}", WEB_ADDRESS))
    if reasons:
        raise ValidationFailed(reasons)
    now = utcnow()
    for area_id, achievement in given.items():
        area = areas[area_id]
        area.achieved = achievement.achieved.strip()
        area.evidence_link = achievement.evidence_link.strip()
        area.reported_at = now
    touch(session, assessment)
    audit.record(
        session,
        actor,
        "improvement_area.reported",
        "assessment",
        assessment.id,
        details={"areas": sorted(given)},
    )


@dataclass(frozen=True)
class Verdict:
    """The lead assessor's judgement of one area: ACHIEVED, NOT_ACHIEVED or "" (none
    yet), with the comment the managers and the second assessor read."""

    verdict: str
    comment: str = ""


def judge(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    given: dict[int, Verdict],
    expected_version: int | None,
) -> None:
    """The lead assessor validates or refuses each reported area, with a comment.

    Raises:
        NotAllowed: not the lead of ``assessment`` in review.
        StaleState: the assessment changed since the page was read.
        ValidationFailed: an unknown verdict or area, or a verdict without a comment,
            named by ``verdict__<id>`` or ``comment__<id>``.
    """
    leading_review(session, actor, assessment)
    check_version(assessment, expected_version)
    areas = {area.id: area for area in areas_for(session, assessment)}
    reasons: list[tuple[str | None, Text | str]] = []
    for area_id, verdict in given.items():
        if area_id not in areas:
            reasons.append((None, msg("This improvement area is not one of this assessment.")))
        elif verdict.verdict and verdict.verdict not in VERDICTS:
            reasons.append((f"verdict__{area_id}", msg("Choose achieved or not achieved.")))
        elif verdict.verdict and not verdict.comment.strip():
            reasons.append(
                (
                    f"comment__{area_id}",
                    msg("Write why: the managers and the second assessor read it."),
                )
            )
        elif len(verdict.comment) > MAX_TEXT:
            reasons.append(
                (f"comment__{area_id}", msg("Write at most %(limit)s characters.", limit=MAX_TEXT))
            )
    if reasons:
        raise ValidationFailed(reasons)
    now = utcnow()
    for area_id, verdict in given.items():
        area = areas[area_id]
        if not verdict.verdict and area.verdict_assessment_id not in (None, assessment.id):
            continue  # an earlier assessment's verdict stays its own
        area.verdict = verdict.verdict or None
        area.verdict_comment = verdict.comment.strip()
        area.verdict_assessment_id = assessment.id if verdict.verdict else None
        area.verdict_by_id = actor.user_id if verdict.verdict else None
        area.verdict_at = now if verdict.verdict else None
    touch(session, assessment)
    audit.record(
        session,
        actor,
        "improvement_area.judged",
        "assessment",
        assessment.id,
        details={str(k): v.verdict for k, v in sorted(given.items())},
    )
