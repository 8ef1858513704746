"""Helpers (not fixtures) that build organisations and assessments through the services."""

from __future__ import annotations

import calendar
import dataclasses
import random
from datetime import date
from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import Scheme
from assessment.answers import answer_text
from assessment.answers import is_met
from assessment.model import ChoiceAnswer
from assessment.model import Evidence as EvidenceRule
from assessment.model import NumberAnswer
from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import AuditEvent
from labelapp.models import Certificate
from labelapp.models import CriteriaVersion
from labelapp.models import IndicatorResult
from labelapp.models import Organisation
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.models import SectionResult
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services import certificates
from labelapp.services import criteria as criteria_service
from labelapp.services import review
from labelapp.services.actor import SYSTEM
from labelapp.services.actor import Actor
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessment_dates import AssessmentDates
from labelapp.services.assessments import scheme_of
from labelapp.services.assessments import start_assessment
from labelapp.services.organisations import Profile
from labelapp.services.organisations import create_organisation
from labelapp.services.outbox import SECRET_PATH
from labelapp.web.settings import issuing
from labelapp.web.settings import settings
from tests.assessment.answers import best
from tests.assessment.answers import extreme
from tests.fixtures.users import PASSWORD

ADDRESS = "192.0.2.10"
PROFILE = Profile(
    name="Łódzki Klaster ICT",
    country="PL",
    region="Łódzkie",
    website="https://klaster-ict.example.org",
    sectors="ICT, software, data",
    year_founded=2012,
    member_firms=40,
    member_smes=31,
    member_research=4,
    staff_fte=Decimal("2.50"),
    description="Firms and universities of the Łódź region working on software.",
)


def manager_account(session: Session, email: str, display_name: str = "Owner") -> User:
    """A cluster manager account with the tests' password, flushed."""
    return accounts.create_user(
        session,
        email=email,
        display_name=display_name,
        role=Role.MANAGER,
        password=PASSWORD,
        passwords=settings().passwords,
    )


def change_status(
    app: Flask, admin: User, number: str, action: str, reason: str = "Public reason."
) -> None:
    """An administrator suspends, reinstates or revokes a certificate, committed."""
    with app.app_context():
        found = certificates.find(db_session(), number, settings().certificates.prefix)
        certificates.change_status(
            db_session(), actor(db_session().merge(admin)), found, action, reason, None
        )
        db_session().commit()


def actor(user: User | None) -> Actor:
    return Actor(user, ADDRESS)


def profile(**changes: Any) -> Profile:
    """The valid test profile with some fields changed."""
    return dataclasses.replace(PROFILE, **changes)


def make_organisation(session: Session, user: User, **changes: Any) -> Organisation:
    """An organisation registered by ``user``, who becomes its manager."""
    return create_organisation(session, actor(user), profile(**changes))


# Most tests were written for 2026.1, whose levels are point thresholds that one
# assessment can reach; the tests of 2027.1's path (an earlier label, improvement
# areas, two countries) make it current themselves.
THRESHOLD_VERSION = "2026.1"
PATH_VERSION = "2027.1"


def publish_criteria(session: Session, current: str = THRESHOLD_VERSION) -> CriteriaVersion:
    """Publish the bundled criteria files and make ``current`` the version new
    assessments start on (as an administrator can); returns it."""
    criteria_service.publish_bundled(session)
    row = criteria_service.get_version(session, "cluster-excellence", current)
    criteria_service.set_current(session, row)
    return row


def start(session: Session, user: User, organisation: Organisation | None = None) -> Assessment:
    """A draft assessment (criteria published and an organisation made as needed)."""
    if criteria_service.current_version(session, "cluster-excellence") is None:
        publish_criteria(session)
    organisation = organisation or make_organisation(session, user)
    return start_assessment(session, actor(user), organisation)


def inputs(
    answers: dict[str, Any], justification: str = "Shown in the annual report."
) -> dict[str, ItemInput]:
    """Python answers as a page's inputs, written as the stored text."""
    return {
        item_id: ItemInput(answer_text(value), justification) for item_id, value in answers.items()
    }


def top_answers(scheme: Scheme) -> dict[str, Any]:
    return extreme(scheme, top=True)


def evidence_required(scheme: Scheme) -> list[str]:
    """Ids of the criteria and indicators whose evidence is required."""
    items = [*scheme.criteria, *scheme.indicators]
    return [item.id for item in items if item.evidence is EvidenceRule.REQUIRED]


def modest_answers(scheme: Scheme) -> dict[str, Any]:
    """Every item answered at its lowest, only the knock-outs met: a first benchmarking
    of an eligible organisation with a long way to go."""
    answers = extreme(scheme, top=False)
    answers.update({indicator.id: best(indicator) for indicator in scheme.knockouts()})
    return answers


def answer_everything(
    session: Session, user: User, assessment: Assessment, modest: bool = False
) -> Assessment:
    """Save a complete answer set, top (or ``modest``), and a link for every required
    piece of evidence."""
    scheme = scheme_of(assessment)
    given = inputs(modest_answers(scheme) if modest else top_answers(scheme))
    for item_id in evidence_required(scheme):
        link = f"https://docs.example.org/{item_id}"
        given[item_id] = dataclasses.replace(given.get(item_id, ItemInput()), link=link)
    saved = save_page(session, actor(user), assessment, given, None)
    assert not saved.refused, saved.refused
    return assessment


def complete_assessment(session: Session, user: User) -> Assessment:
    """A draft ready to submit: every required answer and piece of evidence is there."""
    return answer_everything(session, user, start(session, user))


def months_ago(months: int, day: int = 15) -> date:
    """The ``day`` of the month ``months`` months before this one: assessment days that
    stay in the past and recent enough to approve, whenever the tests run."""
    today = certificates.today()
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, day)


def month_end(day: date, months_after: int) -> date:
    """The last day of the month ``months_after`` months after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months_after
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def visit_day() -> date:
    """A day the lead may record as the assessment's: last week."""
    return certificates.today() - timedelta(days=7)


def record_visit(
    session: Session, lead: User, assessment: Assessment, on: date | None = None
) -> None:
    """The lead records the assessment's day through the review service (an approval
    needs it)."""
    review.save_review(
        session, actor(lead), assessment, {}, None, None, AssessmentDates(on or visit_day())
    )


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.sequence)))


def audit_events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.sequence)))


def approved(
    session: Session,
    user: User,
    level: str = "silver",
    organisation: Organisation | None = None,
    **profile_changes: Any,
) -> Assessment:
    """An assessment set straight to approved at ``level`` (the review itself is tested
    elsewhere), without its certificate."""
    if organisation is None and profile_changes:
        if criteria_service.current_version(session, "cluster-excellence") is None:
            publish_criteria(session)
        organisation = make_organisation(session, user, **profile_changes)
    assessment = start(session, user, organisation)
    assessment.status, assessment.approved_level = AssessmentStatus.APPROVED, level
    assessment.decided_at = utcnow()
    session.flush()
    return assessment


def issued(
    session: Session,
    user: User,
    level: str = "silver",
    organisation: Organisation | None = None,
    **profile_changes: Any,
) -> Certificate:
    """A certificate issued (by the system) for a new approved assessment."""
    assessment = approved(session, user, level, organisation, **profile_changes)
    return certificates.issue(session, SYSTEM, assessment, issuing())


def labelled_with_result(
    session: Session,
    owner: User,
    name: str,
    percent: str,
    days_ago: int = 10,
    organisation: Organisation | None = None,
    **profile: Any,
) -> Assessment:
    """An approved assessment whose stored validated leadership result is ``percent``."""
    profile = {"member_smes": 0, **profile} if organisation is None else {}
    assessment = approved(session, owner, "bronze", organisation, name=name, **profile)
    assessment.decided_at = utcnow() - timedelta(days=days_ago)
    add_section_result(session, assessment, "leadership", percent)
    return assessment


def add_section_result(
    session: Session, assessment: Assessment, section_id: str, percent: str
) -> None:
    """A stored validated section result (out of 100 points), flushed."""
    session.add(
        SectionResult(
            assessment_id=assessment.id,
            organisation_id=assessment.organisation_id,
            criteria_version_id=assessment.criteria_version_id,
            section_id=section_id,
            percent=Decimal(percent),
            points=Decimal(percent),
            max_points=100,
        )
    )
    session.flush()


def add_indicator_result(
    session: Session, assessment: Assessment, indicator_id: str, number: str | None, met: bool
) -> None:
    """A stored validated indicator result of an approved assessment."""
    session.add(
        IndicatorResult(
            assessment_id=assessment.id,
            organisation_id=assessment.organisation_id,
            criteria_version_id=assessment.criteria_version_id,
            indicator_id=indicator_id,
            value=number if number is not None else ("true" if met else "false"),
            number=None if number is None else Decimal(number),
            met=met,
            points=6 if met else 0,
            max_points=6,
        )
    )
    session.flush()


def labelled_with_results(
    session: Session, owner: User, name: str, seed: int, **profile: Any
) -> Assessment:
    """An approved assessment with a stored validated result for every section and
    indicator of its version, drawn from ``seed`` (the same seed, the same results)."""
    draw = random.Random(seed)
    assessment = approved(session, owner, "bronze", None, name=name, member_smes=0, **profile)
    scheme = scheme_of(assessment)
    for section in scheme.sections:
        percent = Decimal(draw.randrange(200, 1000)) / 10
        session.add(
            SectionResult(
                assessment_id=assessment.id,
                organisation_id=assessment.organisation_id,
                criteria_version_id=assessment.criteria_version_id,
                section_id=section.id,
                percent=percent,
                points=percent * section.points / 100,
                max_points=section.points,
            )
        )
    for indicator in scheme.indicators:
        value: Decimal | bool | str
        if indicator.knockout:  # an approved assessment meets every knock-out
            value = best(indicator)
            value = value if isinstance(value, bool | str | Decimal) else Decimal(value)
        elif isinstance(indicator.answer, NumberAnswer):
            value = Decimal(draw.randint(int(indicator.answer.minimum), 100))
        elif isinstance(indicator.answer, ChoiceAnswer):
            value = draw.choice(indicator.answer.options).id
        else:
            value = draw.random() < 0.7
        add_indicator_result(
            session,
            assessment,
            indicator.id,
            str(value) if isinstance(value, Decimal) else None,
            is_met(indicator.threshold, value),
        )
    session.flush()
    return assessment


def emailed_path(session: Session, address: str, kind: str) -> str:
    """The one-time link's path in the latest message of ``kind`` to ``address`` still in
    the outbox (the tests send none unless they ask)."""
    message = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == address, OutboxMessage.kind == kind)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    ).one()
    path: str = message.facts[SECRET_PATH]
    assert path, "the message was sent and its link forgotten"
    return path
