"""An organisation against its peers: figures only for groups that may be shown."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from assessment.peers import Light
from assessment.peers import light
from assessment.peers import percentile_rank
from assessment.peers import spread
from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import IndicatorResult
from labelapp.models import Organisation
from labelapp.models import SectionResult
from labelapp.services.assessments import scheme_of
from labelapp.services.benchmarking import Figure
from labelapp.services.benchmarking import IndicatorFigure
from labelapp.services.benchmarking import compare_indicators
from labelapp.services.benchmarking import compare_sections
from labelapp.services.benchmarking import gather
from labelapp.services.benchmarking import shown_groups
from labelapp.services.peer_groups import Group
from labelapp.services.peer_groups import groups_of
from labelapp.services.peer_groups import size_band
from tests.labelapp.services.factories import add_indicator_result
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import manager_account
from tests.labelapp.services.factories import publish_criteria

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
    (leadership,) = compare_sections(gather(session, made[2].organisation))  # 60, digital
    assert leadership.section_id == "leadership" and leadership.value == 60
    figures = _figures(leadership)
    version = figures["version"]  # 40 50 60 70 80 90: five besides its own
    assert version.size == 6
    assert version.spread is not None
    assert (version.spread.lower_quartile, version.spread.median) == (Decimal("52.5"), 65)
    assert version.rank == Decimal("2.5") * 100 / 6  # 2 below, itself equal: 41.7
    assert version.light is Light.YELLOW  # between the lower quartile and the median
    assert figures["country"].spread == version.spread  # all six in Poland: the same
    digital = figures["ecosystem"]  # 40 50 60 70 80: only four besides its own
    assert (digital.size, digital.spread, digital.rank, digital.light) == (5, None, None, None)


def test_the_groups_shown_need_five_others_no_step_of_one_and_a_distance_from_the_whole(six):
    session, owner, made = six
    data = gather(session, made[2].organisation)
    assert data is not None
    version, country = Group("version", ""), Group("country", "PL")
    ecosystem, size = Group("ecosystem", "digital"), Group("size", "under-50")
    # Digital has four others; Poland and the size band are the whole version itself.
    assert shown_groups(data) == {version, country, size}
    # Six now, five in the previous report (four others): one away, nothing shown.
    assert version not in shown_groups(data, {version: 5})
    assert version in shown_groups(data, {version: 6}) | shown_groups(data, {version: 7})
    assert ecosystem not in shown_groups(data, {ecosystem: 5})
    # Five more digital clusters in Czechia and a health one in Poland: digital has nine
    # others but is two away from the whole (12), whose figures it could be subtracted
    # from; Poland (7) is five away.
    for n in range(5):
        labelled_with_result(
            session, owner, f"Digital {n}", str(41 + n), country="CZ", ecosystem="digital"
        )
    labelled_with_result(session, owner, "Zdrowie", "66", country="PL", ecosystem="health")
    session.commit()
    data = gather(session, made[2].organisation)
    assert data is not None
    sizes = data.sizes()
    assert (sizes[version], sizes[country], sizes[ecosystem]) == (12, 7, 10)
    assert shown_groups(data) == {version, country, size}


def test_without_an_approved_assessment_there_is_nothing_to_compare(six):
    session, owner, _made = six
    assert gather(session, make_organisation(session, owner, name="Neu")) is None


def test_indicators_show_the_share_meeting_the_threshold_and_a_knockout_is_red(six):
    session, _owner, made = six
    for assessment, members in zip(made, ["10", "20", "30", "40", "50", "60"], strict=True):
        add_indicator_result(session, assessment, "committed-members", members, members != "10")
        add_indicator_result(session, assessment, "written-strategy", None, int(members) >= 40)
    session.commit()
    mine = {
        c.indicator_id: c
        for c in compare_indicators(gather(session, made[2].organisation), scheme_of(made[2]))
    }
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
    first = {
        c.indicator_id: c
        for c in compare_indicators(gather(session, made[0].organisation), scheme_of(made[0]))
    }
    assert first["committed-members"].light is Light.RED


def test_the_fingerprint_follows_each_groups_members(six):
    session, owner, made = six
    before = gather(session, made[2].organisation)
    assert gather(session, made[2].organisation).fingerprint() == before.fingerprint()
    # A peer's newer approval replaces its earlier one: the same sizes, other members.
    labelled_with_result(
        session, owner, "Klaster 0", "45", days_ago=1, organisation=made[0].organisation
    )
    session.commit()
    after = gather(session, made[2].organisation)
    assert after.sizes() == before.sizes()
    assert after.fingerprint() != before.fingerprint()


# --- the database's figures are those of assessment.peers --------------------------

NUMBERS = [Decimal(n) for n in ("0", "3", "3.5", "15", "15", "120.75")]
_peer = st.fixed_dictionaries(
    {
        "percent": st.sampled_from([Decimal(p) for p in ("0", "12.5", "50", "50", "62.25", "100")]),
        "number": st.sampled_from(NUMBERS),
        "met": st.booleans(),
        "country": st.sampled_from(["PL", "DE"]),
        "ecosystem": st.sampled_from(["digital", "health", None]),
        "members": st.sampled_from([20, 49, 50, 200]),
        "older": st.booleans(),  # an earlier approved assessment, which must not count
    }
)


@pytest.fixture
def published():
    session = db_session()
    owner = manager_account(session, "property@example.org")
    version = publish_criteria(session)
    session.commit()
    return session, owner, version


@contextmanager
def _rolled_back(session):
    """One example's rows, undone afterwards: hypothesis runs every example inside the
    one test, so the per-test database fixtures cannot do it."""
    nested = session.begin_nested()
    try:
        yield
    finally:
        nested.rollback()


def _approve(session, owner, version, organisation, days_ago, peer):
    assessment = Assessment(
        organisation_id=organisation.id,
        criteria_version_id=version.id,
        status=AssessmentStatus.APPROVED,
        created_by_id=owner.id,
        round=1,
        decided_at=utcnow() - timedelta(days=days_ago),
        approved_level="bronze",
    )
    session.add(assessment)
    session.flush()
    pinned = {
        "assessment_id": assessment.id,
        "organisation_id": organisation.id,
        "criteria_version_id": version.id,
    }
    session.add_all(
        [
            SectionResult(
                **pinned,
                section_id="leadership",
                percent=peer["percent"],
                points=peer["percent"],
                max_points=100,
            ),
            IndicatorResult(
                **pinned,
                indicator_id="committed-members",
                value=None if peer["number"] is None else str(peer["number"]),
                number=peer["number"],
                met=peer["met"],
                points=0,
                max_points=6,
            ),
            IndicatorResult(
                **pinned,
                indicator_id="written-strategy",
                value=str(peer["met"]).lower(),
                number=None,
                met=peer["met"],
                points=0,
                max_points=6,
            ),
        ]
    )
    session.flush()


def _insert(session, owner, version, peers):
    """The peers' organisations, each with its latest approved assessment's results (and
    maybe an earlier one with other results); returns the first organisation."""
    organisations = []
    for place, peer in enumerate(peers):
        organisation = Organisation(
            slug=f"peer-{place}",
            name=f"Peer {place}",
            country=peer["country"],
            ecosystem=peer["ecosystem"],
            member_firms=peer["members"],
        )
        session.add(organisation)
        session.flush()
        if peer["older"]:
            earlier = {"percent": 100 - peer["percent"], "number": Decimal(7), "met": True}
            _approve(session, owner, version, organisation, 400, earlier)
        _approve(session, owner, version, organisation, 10, peer)
        organisations.append(organisation)
    return organisations[0]


def _in(peer, group):
    if group.kind == "country":
        return peer["country"] == group.key
    if group.kind == "ecosystem":
        return peer["ecosystem"] == group.key
    if group.kind == "size":
        return size_band(peer["members"]) == group.key
    return True


def _expected_section(group, own, peers):
    values = [peer["percent"] for peer in peers if _in(peer, group)]
    found = spread(values)
    return Figure(group, len(values), found, percentile_rank(own, values), light(own, found))


def _expected_indicator(group, own, peers, key):
    members = [peer for peer in peers if _in(peer, group)]
    share = Decimal(sum(1 for peer in members if peer["met"])) * 100 / len(members)
    numbers = [peer[key] for peer in members if peer[key] is not None]
    if own is None or len(numbers) != len(members):
        return IndicatorFigure(group, len(members), share)
    return IndicatorFigure(
        group, len(members), share, spread(numbers), percentile_rank(own, numbers)
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    peers=st.lists(_peer, min_size=1, max_size=12),
    unanswered=st.sets(st.integers(min_value=0, max_value=11), max_size=2),
)
def test_the_figures_summed_up_in_sql_are_those_of_the_pure_statistics(
    published, peers, unanswered
):
    """Quartiles, ranks, shares and group sizes from the database's few rows equal
    assessment.peers over every peer's value (ties, groups too small to show, peers
    without a number, earlier approvals that no longer count)."""
    session, owner, version = published
    peers = [
        {**peer, "number": None if place in unanswered else peer["number"]}
        for place, peer in enumerate(peers)
    ]
    with _rolled_back(session):
        organisation = _insert(session, owner, version, peers)
        data = gather(session, organisation)
        groups = groups_of(organisation)
        own = peers[0]
        assert data.sizes() == {g: sum(1 for p in peers if _in(p, g)) for g in groups}
        every = frozenset(groups)  # the statistics of every group, shown or not
        (leadership,) = compare_sections(data, every)
        assert leadership.figures == tuple(
            _expected_section(group, own["percent"], peers) for group in groups
        )
        scheme = scheme_of(data.assessment)
        found = {c.indicator_id: c for c in compare_indicators(data, scheme, every)}
        assert found["committed-members"].figures == tuple(
            _expected_indicator(group, own["number"], peers, "number") for group in groups
        )
        strategy = [{**peer, "none": None} for peer in peers]
        assert found["written-strategy"].figures == tuple(
            _expected_indicator(group, None, strategy, "none") for group in groups
        )
