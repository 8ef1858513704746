"""The label's path in the workflow: earlier labels, assessment days and assessors'
countries reach the engine, and the confirmation checks the countries."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from sqlalchemy import select

from assessment.path import EarlierLabel
from labelapp.db import db_session
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services import criteria as criteria_service
from labelapp.services import decisions
from labelapp.services import review
from labelapp.services import workflow
from labelapp.services.assessments import start_assessment
from labelapp.services.errors import NotAllowed
from labelapp.services.label_path import earlier_labels
from labelapp.services.label_path import path_facts
from labelapp.services.label_path import whole_months
from labelapp.web.settings import issuing
from tests.assessment.schemes import SILVER
from tests.assessment.schemes import build
from tests.assessment.schemes import small_data
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import month_end
from tests.labelapp.services.factories import months_ago
from tests.labelapp.services.factories import record_visit

pytestmark = pytest.mark.usefixtures("ctx")

BRONZE_ASSESSED = date(2023, 3, 15)


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (date(2026, 3, 15), date(2026, 9, 14), 5),
        (date(2026, 3, 15), date(2026, 9, 15), 6),
        (date(2026, 1, 31), date(2026, 2, 28), 0),  # no 31 February: not a whole month
        (date(2026, 1, 31), date(2026, 3, 31), 2),
        (date(2024, 2, 29), date(2025, 2, 28), 11),
        (date(2026, 3, 15), date(2026, 3, 15), 0),
        (date(2026, 9, 15), date(2026, 3, 15), -6),
        (date(2026, 9, 15), date(2026, 3, 16), -5),
    ],
)
def test_whole_months_between_two_days(earlier, later, months):
    assert whole_months(earlier, later) == months


def publish_path_scheme(improvement_areas: int = 0):
    """The small scheme on the path, published: bronze a complete benchmarking, silver
    a bronze label 18 to 24 months old and ``improvement_areas`` validated, gold full
    marks (so that one lowered answer keeps it out of reach) and two assessors from
    different countries."""
    data = small_data()
    bronze, gold = data["levels"]
    bronze.update(min_total_points=0, min_indicators_met=0, benchmark=True)
    gold.update(assessors_from_different_countries=True, min_total_points=1000)
    silver = dict(SILVER, improvement_areas=improvement_areas)
    data["levels"] = [bronze, silver, gold]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    row, _new = criteria_service.publish_version(db_session(), build(data), text, "path.yaml")
    db_session().flush()
    return row


@pytest.fixture
def path_version():
    """The path scheme with silver asking for no improvement areas."""
    return publish_path_scheme()


def earlier_label(manager, level="bronze", assessed_on=BRONZE_ASSESSED, **changes):
    """The organisation's earlier certificate at ``level``, assessed on ``assessed_on``."""
    certificate = issued(db_session(), manager, level)
    certificate.assessed_on = assessed_on
    for name, value in changes.items():
        setattr(certificate, name, value)
    db_session().flush()
    return certificate


# The lead validates one answer lower: every level's thresholds but gold's still hold.
BELOW_GOLD = {"vision": "50"}


def in_review(manager, lead, organisation, visited: date, validated=None):
    """An assessment on the path scheme, top answers, submitted, claimed, visited, with
    the lead's ``validated`` values saved."""
    session = db_session()
    assessment = start_assessment(session, actor(manager), organisation, "small")
    answer_everything(session, manager, assessment)
    workflow.submit_assessment(session, actor(manager), assessment, None)
    review.claim(session, actor(lead), assessment, True, None)
    inputs = {item: review.ReviewInput(value, "", "") for item, value in (validated or {}).items()}
    review.save_review(session, actor(lead), assessment, inputs, None, None)
    record_visit(session, lead, assessment, visited)
    return assessment


def _months_later(months: int, days: int = 0) -> date:
    year, month = divmod(BRONZE_ASSESSED.month - 1 + months, 12)
    return date(BRONZE_ASSESSED.year + year, month + 1, BRONZE_ASSESSED.day + days)


@pytest.mark.parametrize(
    ("visited", "silver"),
    [
        (_months_later(18, -1), False),  # 17 whole months
        (_months_later(18), True),
        (_months_later(24), True),
        (_months_later(25, -1), True),  # still 24 whole months
        (_months_later(25), False),
    ],
)
def test_silver_needs_a_bronze_label_assessed_18_to_24_months_before(
    path_version, manager, make_user, visited, silver
):
    earlier = earlier_label(manager)
    lead = make_user(Role.ASSESSOR)
    assessment = in_review(manager, lead, earlier.organisation, visited, BELOW_GOLD)
    result = review.validated_result(db_session(), assessment)
    assert ("silver" in result.levels_reached) is silver
    assert "bronze" in result.levels_reached  # a complete benchmarking, whatever the months
    if not silver:
        (gap,) = [g for g in result.gaps if g.rule == "previous_level"]
        assert (gap.subject, gap.required_n) == ("bronze", 18)


def test_a_revoked_label_does_not_count_on_the_path(path_version, manager, make_user):
    earlier = earlier_label(manager, status=CertificateStatus.REVOKED)
    assessment = in_review(
        manager, make_user(Role.ASSESSOR), earlier.organisation, _months_later(20), BELOW_GOLD
    )
    assert earlier_labels(db_session(), assessment) == ()
    assert review.validated_result(db_session(), assessment).levels_reached == ("bronze",)


def test_a_higher_earlier_label_counts_and_a_later_one_does_not(path_version, manager, make_user):
    earlier = earlier_label(manager, "gold")
    organisation = earlier.organisation
    assessment = in_review(manager, make_user(Role.ASSESSOR), organisation, _months_later(19))
    assert earlier_labels(db_session(), assessment) == (EarlierLabel("gold", 19),)
    assert "silver" in review.validated_result(db_session(), assessment).levels_reached
    # A label whose assessment came after this one's is no earlier label.
    earlier.assessed_on = _months_later(20)
    db_session().flush()
    assert earlier_labels(db_session(), assessment) == ()


def test_a_label_issued_before_days_were_recorded_counts_from_its_issue(
    path_version, manager, make_user
):
    earlier = earlier_label(manager, assessed_on=None, issued_on=date(2023, 1, 10))
    assessment = in_review(
        manager, make_user(Role.ASSESSOR), earlier.organisation, date(2024, 7, 9)
    )
    assert earlier_labels(db_session(), assessment) == (EarlierLabel("bronze", 17),)


def test_the_managers_preview_counts_months_to_today_until_the_day_is_recorded(
    path_version, manager
):
    earlier = earlier_label(manager, assessed_on=date(2020, 1, 1))
    draft = start_assessment(db_session(), actor(manager), earlier.organisation, "small")
    (label,) = earlier_labels(db_session(), draft)
    assert label.months_before == whole_months(date(2020, 1, 1), certificates.today())


def _proposed_gold(manager, make_user, lead_country):
    """Gold proposed on an assessment two months ago, 20 months after bronze."""
    lead = make_user(Role.ASSESSOR, country=lead_country)
    earlier = earlier_label(manager, assessed_on=months_ago(22))
    assessment = in_review(manager, lead, earlier.organisation, months_ago(2))
    assert decisions.approve(db_session(), actor(lead), assessment, None, issuing()) is None
    assert assessment.pending_level == "gold"
    return assessment


@pytest.mark.parametrize(
    ("lead_country", "second_country", "refusal"),
    [
        ("DE", "DE", "from another country than the lead"),
        ("DE", None, "is not recorded"),
        (None, "FR", "is not recorded"),
    ],
)
def test_gold_is_refused_when_the_assessors_countries_are_the_same_or_unknown(
    path_version, manager, make_user, lead_country, second_country, refusal
):
    assessment = _proposed_gold(manager, make_user, lead_country)
    second = make_user(Role.ASSESSOR, country=second_country)
    version = assessment.row_version
    with pytest.raises(NotAllowed, match=refusal):
        decisions.confirm(db_session(), actor(second), assessment, True, version, issuing())
    assert (assessment.pending_level, assessment.approved_level) == ("gold", None)
    assert count(db_session(), Certificate) == 1  # the earlier bronze only


def test_gold_is_granted_when_the_assessors_come_from_different_countries(
    path_version, manager, make_user
):
    assessment = _proposed_gold(manager, make_user, "DE")
    second = make_user(Role.ASSESSOR, country="FR")
    facts = path_facts(db_session(), assessment, second)
    assert facts.assessor_countries == ("DE", "FR")
    certificate = decisions.confirm(
        db_session(), actor(second), assessment, True, assessment.row_version, issuing()
    )
    assert (certificate.level, certificate.assessed_on) == ("gold", months_ago(2))
    assert certificate.valid_until == month_end(months_ago(2), 23)  # 24 months, visit first
    assert (
        db_session().scalars(select(Certificate).order_by(Certificate.id)).all()[-1] is certificate
    )


def test_a_level_without_the_country_rule_needs_no_countries(manager, make_user):
    """The bundled gold does not ask for two countries: assessors without one confirm it."""
    lead, second = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    assessment = complete_assessment(db_session(), manager)
    workflow.submit_assessment(db_session(), actor(manager), assessment, None)
    review.claim(db_session(), actor(lead), assessment, True, None)
    record_visit(db_session(), lead, assessment)
    decisions.approve(db_session(), actor(lead), assessment, None, issuing())
    certificate = decisions.confirm(
        db_session(), actor(second), assessment, True, assessment.row_version, issuing()
    )
    assert certificate.level == "gold"


def test_gold_needs_no_earlier_label_on_a_first_assessment(path_version, manager, make_user):
    """Silver's path (a bronze label before) never blocks gold, which does not ask for it."""
    organisation = make_organisation(db_session(), manager)
    assessment = in_review(manager, make_user(Role.ASSESSOR), organisation, months_ago(2))
    result = review.validated_result(db_session(), assessment)
    assert (result.levels_reached, result.level) == (("bronze", "gold"), "gold")
