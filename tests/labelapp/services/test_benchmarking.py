"""An organisation against its peers: figures only for groups that may be shown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment.peers import Light
from labelapp.db import db_session
from labelapp.services.benchmarking import compare_indicators
from labelapp.services.benchmarking import compare_sections
from labelapp.services.peer_groups import Group
from tests.labelapp.services.factories import add_indicator_result
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import manager_account

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def six():
    """Six labelled organisations in Poland, five of them digital."""
    session = db_session()
    owner = manager_account(session, "bench@example.org")
    made = [
        labelled_with_result(
            session, owner, f"Klaster {n}", percent, country="PL", ecosystem=ecosystem
        )
        for n, (percent, ecosystem) in enumerate(
            [
                ("40", "digital"),
                ("50", "digital"),
                ("60", "digital"),
                ("70", "digital"),
                ("80", "digital"),
                ("90", "health"),
            ]
        )
    ]
    session.commit()
    return session, owner, made


def _figures(comparison):
    return {figure.group.kind: figure for figure in comparison.figures}


def test_an_organisation_is_placed_in_each_group_large_enough(six):
    session, _owner, made = six
    (leadership,) = compare_sections(session, made[2].organisation)  # 60, digital
    assert leadership.section_id == "leadership" and leadership.value == 60
    figures = _figures(leadership)
    version = figures["version"]  # 40 50 60 70 80 90
    assert version.size == 6
    assert version.spread is not None
    assert (version.spread.lower_quartile, version.spread.median) == (Decimal("52.5"), 65)
    assert version.rank == Decimal("2.5") * 100 / 6  # 2 below, itself equal: 41.7
    assert version.light is Light.YELLOW  # between the lower quartile and the median
    digital = figures["ecosystem"]  # 40 50 60 70 80
    assert digital.size == 5 and digital.spread is not None
    assert digital.spread.median == 60 and digital.light is Light.GREEN


def test_a_group_of_four_or_one_away_from_four_shows_no_figure(six):
    session, owner, made = six
    health = labelled_with_result(
        session, owner, "Klaster Zdrowia", "75", country="PL", ecosystem="health"
    )
    session.commit()
    (leadership,) = compare_sections(session, health.organisation)
    only_two = _figures(leadership)["ecosystem"]  # 90 and 75: too few peers
    assert only_two.size == 2
    assert (only_two.spread, only_two.rank, only_two.light) == (None, None, None)
    # Five now, four in the previous report: nothing either.
    (again,) = compare_sections(session, made[2].organisation, {Group("ecosystem", "digital"): 4})
    assert _figures(again)["ecosystem"].spread is None
    (later,) = compare_sections(session, made[2].organisation, {Group("ecosystem", "digital"): 5})
    assert _figures(later)["ecosystem"].spread is not None


def test_without_an_approved_assessment_there_is_nothing_to_compare(six):
    session, owner, _made = six
    assert compare_sections(session, make_organisation(session, owner, name="Neu")) is None


def test_indicators_show_the_share_meeting_the_threshold_and_a_knockout_is_red(six):
    session, _owner, made = six
    for assessment, members in zip(made, ["10", "20", "30", "40", "50", "60"], strict=True):
        add_indicator_result(session, assessment, "committed-members", members, members != "10")
        add_indicator_result(session, assessment, "written-strategy", None, int(members) >= 40)
    session.commit()
    mine = {c.indicator_id: c for c in compare_indicators(session, made[2].organisation)}
    members = mine["committed-members"]
    version = members.figures[0]
    assert version.group == Group("version", "")
    assert version.share_met == Decimal(500) / 6  # five of six have 15 or more
    assert version.spread is not None and version.spread.median == 35
    assert version.rank == Decimal("2.5") * 100 / 6
    assert members.light is Light.YELLOW  # 30: between 22.5 and 35
    strategy = mine["written-strategy"]  # a yes/no answer: a share, no numbers
    assert strategy.figures[0].share_met == 50 and strategy.figures[0].spread is None
    assert strategy.number is None and strategy.light is None
    # Below the knock-out minimum of 15 members: red, whatever the peers do.
    first = {c.indicator_id: c for c in compare_indicators(session, made[0].organisation)}
    assert first["committed-members"].light is Light.RED
