"""Who an organisation is compared with, and which validated results count."""

from __future__ import annotations

import pytest

from labelapp.db import db_session
from labelapp.services.peer_groups import Group
from labelapp.services.peer_groups import Members
from labelapp.services.peer_groups import group_members
from labelapp.services.peer_groups import groups_of
from labelapp.services.peer_groups import latest_approved
from labelapp.services.peer_groups import size_band
from labelapp.services.peer_statistics import section_statistics
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import manager_account
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.mark.parametrize(
    ("members", "band"),
    [
        (0, "under-50"),
        (49, "under-50"),
        (50, "50-149"),
        (149, "50-149"),
        (150, "150-499"),
        (499, "150-499"),
        (500, "500-plus"),
        (12_000, "500-plus"),
    ],
)
def test_size_bands(members, band):
    assert size_band(members) == band


@pytest.fixture
def peers():
    session = db_session()
    owner = manager_account(session, "peers@example.org")
    made = {
        "pl-digital-small": labelled_with_result(
            session, owner, "A", "40", country="PL", ecosystem="digital", member_firms=40
        ),
        "pl-digital-mid": labelled_with_result(
            session, owner, "B", "60", country="PL", ecosystem="digital", member_firms=90
        ),
        "pl-health-small": labelled_with_result(
            session, owner, "C", "70", country="PL", ecosystem="health", member_firms=20
        ),
        "de-digital-small": labelled_with_result(
            session,
            owner,
            "D",
            "80",
            country="DE",
            ecosystem="digital",
            member_firms=30,
            member_research=19,
        ),
        "de-none-large": labelled_with_result(
            session, owner, "E", "90", country="DE", member_firms=600
        ),
    }
    session.commit()
    return session, owner, made


def _leadership(session, assessment, groups):
    """Each group's leadership distribution for ``assessment``: (size, the values read)."""
    found = section_statistics(session, assessment, groups).groups
    return {
        group: (d.size, [d.at[spot] for spot in sorted(d.at)])
        for group, by_section in found.items()
        if (d := by_section.get("leadership"))
    }


def test_each_group_holds_the_validated_results_of_its_organisations(peers):
    session, _owner, made = peers
    mine = made["pl-digital-small"]  # 40
    found = _leadership(session, mine, groups_of(mine.organisation))
    # Five values: the quartiles read the places 1 to 4 (h = 1, 2, 3), never the lowest.
    assert found[Group("version", "")] == (5, [60, 70, 80, 90])
    # Up to four values, every place is read: the whole group shows.
    assert found[Group("country", "PL")] == (3, [40, 60, 70])
    assert found[Group("ecosystem", "digital")] == (3, [40, 60, 80])
    assert found[Group("size", "under-50")] == (3, [40, 70, 80])  # 30 firms + 19 research
    others = [Group("size", "500-plus"), Group("country", "FR")]
    assert _leadership(session, mine, others) == {Group("size", "500-plus"): (1, [90])}


def test_the_counts_around_the_own_value_hold_in_any_group(peers):
    session, _owner, made = peers
    mine = made["pl-health-small"]  # 70, in none of these two groups but the version's
    found = section_statistics(
        session, mine, [Group("version", ""), Group("ecosystem", "digital")]
    ).groups
    version, digital = (found[group]["leadership"] for group in found)
    assert (version.below, version.equal) == (2, 1)  # 40 60 | 70 | 80 90
    assert (digital.below, digital.equal) == (2, 0)  # 40 60 | | 80
    assert section_statistics(session, mine, []).own == {"leadership": (70, False)}


def test_only_the_latest_approved_assessment_counts_never_a_draft(peers):
    session, owner, made = peers
    first = made["pl-digital-small"]
    organisation = first.organisation
    labelled_with_result(session, owner, "A", "55", days_ago=1, organisation=organisation)
    start(session, owner, organisation)  # a new draft: no stored result, no effect
    session.commit()
    latest = latest_approved(session, organisation)
    assert latest.id != first.id
    # 40 was the earlier label's; 55 is the latest.
    assert _leadership(session, latest, [Group("country", "PL")]) == {
        Group("country", "PL"): (3, [55, 60, 70])
    }


def test_group_members_count_the_approved_assessments_with_results(peers):
    session, owner, made = peers
    mine = made["pl-digital-mid"]
    groups = [Group("version", ""), Group("country", "PL"), Group("country", "FR")]
    before = group_members(session, mine.criteria_version_id, groups)
    pl = [made[key].id for key in ("pl-digital-small", "pl-digital-mid", "pl-health-small")]
    assert before[Group("country", "PL")] == Members(3, sum(pl), sum(n * n for n in pl), max(pl))
    assert before[Group("version", "")].size == 5
    assert before[Group("country", "FR")] == Members(0, 0, 0, 0)
    # Approved without kept results (before decision 22): in no group.
    approved(session, owner, "bronze", None, name="Old", country="PL")
    session.commit()
    assert group_members(session, mine.criteria_version_id, groups) == before


def test_an_organisation_without_an_approved_assessment_has_no_peers_to_show(peers):
    session, owner, _made = peers
    fresh = make_organisation(session, owner, name="Newcomer", country="PL")
    start(session, owner, fresh)
    assert latest_approved(session, fresh) is None


def test_the_groups_of_an_organisation(peers):
    _session, _owner, made = peers
    assert groups_of(made["pl-digital-mid"].organisation) == [
        Group("version", ""),
        Group("country", "PL"),
        Group("ecosystem", "digital"),
        Group("size", "50-149"),
    ]
    # No ecosystem chosen yet: no ecosystem group.
    assert [g.kind for g in groups_of(made["de-none-large"].organisation)] == [
        "version",
        "country",
        "size",
    ]
