"""Comparing with the previous assessment when a criterion is scored on RADAR: by the
attributes' mean; a criterion that became RADAR shows as changed."""

from __future__ import annotations

import pytest
import yaml

from assessment.answers import RadarValue
from labelapp.db import db_session
from labelapp.models import AssessmentStatus
from labelapp.services import criteria as criteria_service
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessments import start_assessment
from labelapp.services.comparison import compare
from tests.assessment.schemes import build
from tests.assessment.schemes import radar_data
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import make_organisation

pytestmark = pytest.mark.usefixtures("ctx")


def _publish(data, version):
    data["version"] = version
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    criteria_service.publish_version(db_session(), build(data), text, f"{version}.yaml")


def _vision_change(manager, organisation, before: str, after: str, newer=None):
    """Two assessments of the organisation, vision answered ``before`` then ``after``
    (on ``newer`` data published in between, when given): the comparison's vision row."""
    session, who = db_session(), actor(manager)
    first = start_assessment(session, who, organisation, "small")
    assert not save_page(session, who, first, {"vision": ItemInput(before)}, None).refused
    first.status = AssessmentStatus.APPROVED  # finished: a new one may start
    session.flush()
    if newer is not None:
        _publish(newer, "1.1")
    second = start_assessment(session, who, organisation, "small")
    assert not save_page(session, who, second, {"vision": ItemInput(after)}, None).refused
    return next(row for row in compare(second, first) if row.item_id == "vision")


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("50/50/50", "50/75/50", "improved"),  # mean 50 -> 58
        ("75/75/100", "100/50/75", "declined"),  # 83 -> 75
        ("25/50/75", "75/50/25", "changed"),  # the same mean of 50, other attributes
        ("25/50/75", "25/50/75", "same"),
    ],
)
def test_radar_answers_compare_by_their_mean(manager, before, after, change):
    _publish(radar_data(), "1.0")
    organisation = make_organisation(db_session(), manager)
    row = _vision_change(manager, organisation, before, after)
    assert row.change == change
    assert isinstance(row.before, RadarValue) and isinstance(row.after, RadarValue)


@pytest.mark.parametrize(
    ("radar_first", "before", "after"), [(False, "50", "50/50/50"), (True, "50/50/50", "50")]
)
def test_a_criterion_that_became_or_stopped_being_radar_shows_as_changed(
    manager, radar_first, before, after
):
    plain = radar_data()
    del plain["sections"][0]["criteria"][0]["radar"]
    first, then = (radar_data(), plain) if radar_first else (plain, radar_data())
    _publish(first, "1.0")
    organisation = make_organisation(db_session(), manager)
    row = _vision_change(manager, organisation, before, after, newer=then)
    assert row.change == "changed"
