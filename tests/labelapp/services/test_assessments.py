"""Self-assessments: start, answers, completeness, engine scores and history."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from assessment import score
from assessment.model import Evidence as EvidenceRule
from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Role
from labelapp.services import assessments as service
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import audit_events
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import evidence_required
from tests.labelapp.services.factories import inputs
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import publish_criteria
from tests.labelapp.services.factories import start
from tests.labelapp.services.factories import top_answers

pytestmark = pytest.mark.usefixtures("ctx")


def _stored(assessment: Assessment) -> dict[str, str | None]:
    return {answer.item_id: answer.value for answer in assessment.answers}


def test_start_pins_the_current_version_and_is_audited(manager):
    current = publish_criteria(db_session())
    organisation = make_organisation(db_session(), manager)
    assessment = service.start_assessment(db_session(), actor(manager), organisation)
    assert assessment.criteria_version_id == current.id
    assert assessment.criteria_version.version == "2026.1"
    assert assessment.status is AssessmentStatus.DRAFT
    assert assessment.created_by_id == manager.id
    assert service.open_assessment(db_session(), organisation) == assessment
    event = audit_events(db_session())[-1]
    assert (event.action, event.object_id, event.after) == (
        "assessment.started",
        str(assessment.id),
        "draft",
    )
    assert json.loads(event.details) == {"criteria": "cluster-excellence 2026.1"}


def test_start_needs_a_published_version(manager):
    organisation = make_organisation(db_session(), manager)
    with pytest.raises(ValidationFailed, match="No version of cluster-excellence"):
        service.start_assessment(db_session(), actor(manager), organisation)
    assert count(db_session(), Assessment) == 0


def test_a_second_open_assessment_is_refused(manager):
    first = start(db_session(), manager)
    with pytest.raises(ValidationFailed) as failure:
        service.start_assessment(db_session(), actor(manager), first.organisation)
    assert failure.value.reasons == [(None, "This organisation already has an open assessment.")]
    assert count(db_session(), Assessment) == 1
    assert audit_actions(db_session()).count("assessment.started") == 1


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_only_the_organisations_managers_start_an_assessment(manager, make_user, role):
    publish_criteria(db_session())
    organisation = make_organisation(db_session(), manager)
    with pytest.raises(NotAllowed):
        service.start_assessment(db_session(), actor(make_user(role)), organisation)
    assert count(db_session(), Assessment) == 0


def test_a_closed_assessment_lets_a_new_one_start_and_is_its_previous(manager):
    first = start(db_session(), manager)
    assert service.previous_assessment(db_session(), first) is None
    first.status = AssessmentStatus.APPROVED
    db_session().flush()
    assert service.open_assessment(db_session(), first.organisation) is None
    second = service.start_assessment(db_session(), actor(manager), first.organisation)
    assert service.previous_assessment(db_session(), second) == first
    assert service.history(db_session(), first.organisation) == [second, first]


def test_missing_items_lists_required_answers_and_required_evidence(manager):
    assessment = start(db_session(), manager)
    scheme = service.scheme_of(assessment)
    missing = service.missing_items(scheme, assessment)
    answers = {m.item_id for m in missing if m.what == "answer"}
    evidence = {m.item_id for m in missing if m.what == "evidence"}
    items = [*scheme.criteria, *scheme.indicators]
    assert answers == {item.id for item in items if item.required}
    assert evidence == set(evidence_required(scheme))
    assert "partnerships-facilities" not in answers  # an optional criterion
    assert {"leadership-governance", "active-member-share"} <= evidence
    assert {"leadership-vision", "sme-share"}.isdisjoint(evidence)  # optional evidence
    by_id = {(m.item_id, m.what): m for m in missing}
    assert by_id["leadership-governance", "answer"].page == "leadership"
    assert by_id["active-member-share", "evidence"].page == scheme.item("active-member-share").area
    assert (
        by_id["leadership-governance", "answer"].title == scheme.item("leadership-governance").title
    )


def test_a_complete_assessment_misses_nothing_until_evidence_is_removed(manager):
    assessment = answer_everything(db_session(), manager, start(db_session(), manager))
    scheme = service.scheme_of(assessment)
    assert service.missing_items(scheme, assessment) == []
    assert scheme.item("leadership-governance").evidence is EvidenceRule.REQUIRED
    link = next(e for e in assessment.evidence if e.item_id == "leadership-governance")
    assessment.evidence.remove(link)
    save_page(db_session(), actor(manager), assessment, {"sme-share": ItemInput("")}, None)
    missing = [(m.item_id, m.what) for m in service.missing_items(scheme, assessment)]
    assert missing == [("leadership-governance", "evidence"), ("sme-share", "answer")]


def test_result_of_top_answers_is_the_engines_result(manager):
    assessment = answer_everything(db_session(), manager, start(db_session(), manager))
    db_session().commit()
    db_session().expire_all()
    scheme = service.scheme_of(assessment)
    expected = score(scheme, top_answers(scheme))
    result = service.result_of(db_session(), assessment)
    assert result == expected
    assert (result.level, result.total, result.next_level) == ("gold", expected.total, None)
    assert result.total == Decimal(scheme.total_points)


def test_result_of_partial_answers_counts_the_rest_as_unanswered(manager):
    assessment = start(db_session(), manager)
    given = {"leadership-vision": 75, "committed-members": 20, "website-english": False}
    save_page(db_session(), actor(manager), assessment, inputs(given), None)
    scheme = service.scheme_of(assessment)
    result = service.result_of(db_session(), assessment)
    assert result == score(scheme, given)
    assert result.level is None
    assert "leadership-vision" not in result.unanswered
    assert "leadership-governance" in result.unanswered
