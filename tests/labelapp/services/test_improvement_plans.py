"""Improvement plans: declared on a label's report, fixed when the next assessment starts,
reported on by the managers and validated by the lead, counted on the label's path."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import CertificateStatus
from labelapp.models import ImprovementArea
from labelapp.models import Role
from labelapp.models.improvement import ACHIEVED
from labelapp.models.improvement import NOT_ACHIEVED
from labelapp.services import certificates
from labelapp.services import decisions
from labelapp.services import improvement_plans as plans
from labelapp.services import review
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.label_path import path_facts
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import start
from tests.labelapp.services.test_label_path import BELOW_GOLD
from tests.labelapp.services.test_label_path import earlier_label
from tests.labelapp.services.test_label_path import in_review
from tests.labelapp.services.test_label_path import publish_path_scheme

pytestmark = pytest.mark.usefixtures("ctx")

AREAS = ("section:leadership", "section:strategy", "indicator:website-english")


def _soon() -> date:
    return certificates.today() + timedelta(days=200)


def _labelled(manager):
    """An approved assessment with its label: the base a plan is declared on."""
    label = issued(db_session(), manager, "bronze")
    return db_session().get(Assessment, label.assessment_id)


def _declare(manager, base, subject="section:leadership", plan="Yearly strategy review."):
    return plans.declare(db_session(), actor(manager), base, subject, plan, _soon())


def test_a_manager_declares_areas_on_the_latest_label(manager):
    base = _labelled(manager)
    area = _declare(manager, base)
    assert (area.kind, area.subject, area.plan) == (
        "section",
        "leadership",
        "Yearly strategy review.",
    )
    assert plans.areas_of(db_session(), base) == [area]
    assert audit_actions(db_session())[-1] == "improvement_area.declared"


@pytest.mark.parametrize(
    ("subject", "plan", "target", "field", "message"),
    [
        ("section:leadership", "  ", 200, "plan", "Write the plan"),
        ("section:nowhere", "A plan.", 200, "subject", "Choose a section or indicator"),
        ("criterion:leadership-vision", "A plan.", 200, "subject", "Choose a section"),
        ("section:leadership", "A plan.", 0, "target_on", "must lie ahead"),
        ("section:leadership", "A plan.", -3, "target_on", "must lie ahead"),
        ("section:leadership", "A plan.", 3 * 366, "target_on", "at most 36 months ahead"),
        ("section:leadership", "A plan.", None, "target_on", "Enter the date"),
    ],
)
def test_an_area_that_cannot_be_is_refused_and_nothing_is_stored(
    manager, subject, plan, target, field, message
):
    base = _labelled(manager)
    target_on = None if target is None else certificates.today() + timedelta(days=target)
    with pytest.raises(ValidationFailed) as refused:
        plans.declare(db_session(), actor(manager), base, subject, plan, target_on)
    assert any(name == field and message in str(text) for name, text in refused.value.reasons)
    assert count(db_session(), ImprovementArea) == 0


def test_an_area_is_declared_once(manager):
    base = _labelled(manager)
    _declare(manager, base)
    with pytest.raises(ValidationFailed, match="already in the plan"):
        _declare(manager, base, plan="Again.")
    assert count(db_session(), ImprovementArea) == 1


def test_only_the_organisations_managers_declare(manager, make_user):
    base = _labelled(manager)
    for other in (make_user(Role.MANAGER), make_user(Role.ASSESSOR), make_user(Role.ADMIN)):
        with pytest.raises(NotAllowed):
            _declare(other, base)
    assert count(db_session(), ImprovementArea) == 0


def test_the_plan_is_fixed_once_the_next_assessment_starts(manager):
    base = _labelled(manager)
    area = _declare(manager, base)
    plans.withdraw(db_session(), actor(manager), area)
    kept = _declare(manager, base, "section:strategy")
    start(db_session(), manager, base.organisation)
    assert not plans.plans_open(db_session(), base)
    with pytest.raises(NotAllowed, match="fixed once the next assessment has started"):
        _declare(manager, base, "section:leadership")
    with pytest.raises(NotAllowed, match="fixed"):
        plans.withdraw(db_session(), actor(manager), kept)
    assert plans.areas_of(db_session(), base) == [kept]


def test_the_managers_report_on_the_next_assessment_while_it_is_a_draft(manager):
    base = _labelled(manager)
    area = _declare(manager, base)
    draft = start(db_session(), manager, base.organisation)
    assert plans.areas_for(db_session(), draft) == [area]
    refused = plans.Achievement("Reviewed twice.", "ftp://files.example/review")
    with pytest.raises(ValidationFailed) as bad_link:
        plans.report(db_session(), actor(manager), draft, {area.id: refused}, None)
    assert bad_link.value.reasons[0][0] == f"evidence_link__{area.id}"
    assert area.achieved == ""

    given = plans.Achievement(" Reviewed twice. ", "https://cluster.example/review")
    plans.report(db_session(), actor(manager), draft, {area.id: given}, draft.row_version)
    assert (area.achieved, area.evidence_link) == (
        "Reviewed twice.",
        "https://cluster.example/review",
    )
    draft.status = AssessmentStatus.SUBMITTED
    with pytest.raises(NotAllowed):
        plans.report(db_session(), actor(manager), draft, {area.id: given}, None)


def _silver_path(manager, make_user, validated: int, refused: int = 0):
    """An earlier bronze with three areas in its plan; the next assessment in review,
    assessed today, 20 months later, with ``validated`` areas judged achieved and
    ``refused`` not."""
    publish_path_scheme(improvement_areas=3)
    today = certificates.today()  # an approval needs a recent assessment day
    earlier = earlier_label(manager, assessed_on=certificates.add_months(today, -20))
    base = db_session().get(Assessment, earlier.assessment_id)
    areas = [_declare(manager, base, subject) for subject in AREAS]
    lead = make_user(Role.ASSESSOR)
    assessment = in_review(manager, lead, earlier.organisation, today, BELOW_GOLD)
    verdicts = [ACHIEVED] * validated + [NOT_ACHIEVED] * refused
    given = {
        area.id: plans.Verdict(verdict, "Seen in the minutes of 2024.")
        for area, verdict in zip(areas, verdicts, strict=False)
    }
    plans.judge(db_session(), actor(lead), assessment, given, None)
    return assessment, lead, areas


@pytest.mark.parametrize(
    ("validated", "refused", "silver"), [(3, 0, True), (2, 1, False), (0, 0, False)]
)
def test_silver_needs_three_areas_validated_as_achieved(
    manager, make_user, validated, refused, silver
):
    assessment, _lead, _areas = _silver_path(manager, make_user, validated, refused)
    assert path_facts(db_session(), assessment).improvement_areas_validated == validated
    result = review.validated_result(db_session(), assessment)
    assert ("silver" in result.levels_reached) is silver
    if not silver:
        (gap,) = [g for g in result.gaps if g.rule == "improvement_areas"]
        assert (gap.actual_n, gap.required_n) == (validated, 3)


def test_a_verdict_needs_a_comment_and_only_the_lead_judges(manager, make_user):
    assessment, lead, areas = _silver_path(manager, make_user, 0)
    first = areas[0]
    with pytest.raises(ValidationFailed) as no_comment:
        plans.judge(
            db_session(), actor(lead), assessment, {first.id: plans.Verdict(ACHIEVED)}, None
        )
    assert no_comment.value.reasons[0][0] == f"comment__{first.id}"
    with pytest.raises(ValidationFailed):
        plans.judge(
            db_session(), actor(lead), assessment, {first.id: plans.Verdict("maybe", "x")}, None
        )
    other = make_user(Role.ASSESSOR)
    with pytest.raises(NotAllowed):
        plans.judge(
            db_session(), actor(other), assessment, {first.id: plans.Verdict(ACHIEVED, "x")}, None
        )
    assert first.verdict is None


def test_the_approval_takes_silver_with_the_validated_areas(manager, make_user):
    assessment, lead, _areas = _silver_path(manager, make_user, 3)
    certificate = decisions.approve(db_session(), actor(lead), assessment, None, issuing())
    assert certificate is not None and certificate.level == "silver"


def test_without_the_validated_areas_the_approval_stops_at_bronze(manager, make_user):
    assessment, lead, _areas = _silver_path(manager, make_user, 2, 1)
    certificate = decisions.approve(db_session(), actor(lead), assessment, None, issuing())
    assert certificate is not None and certificate.level == "bronze"


def test_a_declaration_racing_another_is_refused_not_a_server_error(manager, monkeypatch):
    """Two managers declare the same area at once: the second insert meets the unique
    constraint after its own check found nothing, and is refused like a repeat."""
    base = _labelled(manager)
    _declare(manager, base)
    monkeypatch.setattr(plans, "areas_of", lambda session, base: [])  # the check saw none
    with pytest.raises(ValidationFailed, match="already in the plan"):
        _declare(manager, base, plan="At the same moment.")
    monkeypatch.undo()
    assert [area.plan for area in plans.areas_of(db_session(), base)] == ["Yearly strategy review."]


def test_an_earlier_assessments_verdict_is_left_alone(manager, make_user):
    assessment, lead, areas = _silver_path(manager, make_user, 1)
    judged, other = areas[0], areas[1]
    assert judged.verdict == ACHIEVED
    # As if an earlier, rejected assessment had judged the second area.
    earlier = approved(db_session(), manager)
    other.verdict, other.verdict_assessment_id, other.verdict_comment = (
        NOT_ACHIEVED,
        earlier.id,
        "Not yet.",
    )
    db_session().flush()
    plans.judge(db_session(), actor(lead), assessment, {other.id: plans.Verdict("")}, None)
    assert (other.verdict, other.verdict_assessment_id) == (NOT_ACHIEVED, earlier.id)
    plans.judge(db_session(), actor(lead), assessment, {judged.id: plans.Verdict("")}, None)
    assert judged.verdict is None  # this assessment's own verdict is cleared


def test_a_revoked_label_takes_no_plan_and_its_plan_counts_for_nothing(manager):
    base = _labelled(manager)
    area = _declare(manager, base)
    label = certificates.for_assessment(db_session(), base.id)
    label.status = CertificateStatus.REVOKED
    db_session().flush()
    assert not plans.plans_open(db_session(), base)
    with pytest.raises(NotAllowed):
        _declare(manager, base, "section:strategy")
    following = start(db_session(), manager, base.organisation)
    assert plans.base_of(db_session(), following) is None  # the history starts afresh
    assert plans.areas_for(db_session(), following) == []
    assert area in plans.areas_of(db_session(), base)
