"""Who an organisation is compared with, and which validated results count."""

from __future__ import annotations

import pytest

from labelapp.db import db_session
from labelapp.services.peer_groups import Group
from labelapp.services.peer_groups import groups_of
from labelapp.services.peer_groups import latest_approved
from labelapp.services.peer_groups import section_values
from labelapp.services.peer_groups import size_band
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


def test_each_group_holds_the_validated_results_of_its_organisations(peers):
    session, _owner, made = peers
    version = made["pl-digital-small"].criteria_version_id

    def values(kind, key=""):
        return sorted(section_values(session, version, Group(kind, key))["leadership"])

    assert values("version") == [40, 60, 70, 80, 90]
    assert values("country", "PL") == [40, 60, 70]
    assert values("ecosystem", "digital") == [40, 60, 80]
    assert values("size", "under-50") == [40, 70, 80]  # 30 firms + 19 research = 49
    assert values("size", "500-plus") == [90]
    assert section_values(session, version, Group("country", "FR")) == {}


def test_only_the_latest_approved_assessment_counts_never_a_draft(peers):
    session, owner, made = peers
    first = made["pl-digital-small"]
    organisation = first.organisation
    version = first.criteria_version_id
    labelled_with_result(session, owner, "A", "55", days_ago=1, organisation=organisation)
    start(session, owner, organisation)  # a new draft: no stored result, no effect
    session.commit()
    assert latest_approved(session, organisation).id != first.id
    found = sorted(section_values(session, version, Group("country", "PL"))["leadership"])
    assert found == [55, 60, 70]  # 40 was the earlier label's; 55 is the latest


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
