"""The k-anonymity rules of the benchmarking report, through issued reports: a group is
shown with five organisations besides the reader's own, never right after a report in
which it had four, and never one to four organisations away from the whole version."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from labelapp.db import db_session
from labelapp.services.benchmark_report import report_for
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import manager_account

pytestmark = pytest.mark.usefixtures("ctx")

# For each kind of group: the profile of its members, and of organisations outside it.
KINDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "country": ({"country": "PL"}, {"country": "CZ"}),
    "ecosystem": ({"ecosystem": "digital"}, {"ecosystem": "health"}),
    "size": ({"member_firms": 20, "member_research": 5}, {"member_firms": 300}),
}
BASE = {"country": "AT", "ecosystem": "agri-food", "member_firms": 90, "member_research": 10}


def _add(session, owner, name: str, percent: str, profile: dict[str, Any]):
    return labelled_with_result(session, owner, name, percent, **{**BASE, **profile})


def _figure(session, organisation, kind: str):
    report = report_for(session, organisation)
    assert report is not None
    session.commit()
    (leadership,) = report.sections
    return next(figure for figure in leadership.figures if figure.group.kind == kind)


def _peers(session, owner, kind: str, inside: int, outside: int = 5):
    """The subject (60) with ``inside`` others in its group and ``outside`` beyond it."""
    within, beyond = KINDS[kind]
    subject = _add(session, owner, "Subject", "60", within).organisation
    for n in range(inside):
        _add(session, owner, f"In {n}", str(40 + 10 * n), within)
    for n in range(outside):
        _add(session, owner, f"Out {n}", "90", beyond)
    session.commit()
    return subject


@pytest.mark.parametrize("kind", KINDS)
def test_four_others_are_never_shown_and_five_only_after_a_report_with_five(kind):
    session = db_session()
    owner = manager_account(session, f"{kind}@example.org")
    subject = _peers(session, owner, kind, inside=3)
    assert _figure(session, subject, kind).spread is None  # three others
    _add(session, owner, "In 3", "70", KINDS[kind][0])
    session.commit()
    at_four = _figure(session, subject, kind)
    assert (at_four.size, at_four.spread, at_four.rank, at_four.light) == (5, None, None, None)
    _add(session, owner, "In 4", "80", KINDS[kind][0])
    session.commit()
    # Five others now, four in the previous report: the two would give the newcomer away.
    at_five = _figure(session, subject, kind)
    assert (at_five.size, at_five.spread) == (6, None)
    _add(session, owner, "In 5", "90", KINDS[kind][0])
    session.commit()
    at_six = _figure(session, subject, kind)  # six others against five: both enough
    assert at_six.size == 7 and at_six.spread is not None
    # 40 50 60 60 70 80 90, the subject one of them: h = 1.5 and 3 (type 7).
    assert (at_six.spread.lower_quartile, at_six.spread.median) == (55, 60)


@pytest.mark.parametrize("kind", KINDS)
def test_five_others_in_a_first_report_are_shown(kind):
    session = db_session()
    owner = manager_account(session, f"first-{kind}@example.org")
    subject = _peers(session, owner, kind, inside=5)
    figure = _figure(session, subject, kind)
    assert figure.size == 6 and figure.spread is not None
    assert (figure.spread.lower_quartile, figure.spread.median) == (Decimal("52.5"), 60)


@pytest.mark.parametrize(("outside", "shown"), [(0, True), (1, False), (4, False), (5, True)])
def test_a_group_is_never_shown_one_to_four_organisations_away_from_the_whole(outside, shown):
    session = db_session()
    owner = manager_account(session, f"whole-{outside}@example.org")
    subject = _peers(session, owner, "country", inside=5, outside=outside)
    assert (_figure(session, subject, "country").spread is not None) is shown
    assert _figure(session, subject, "version").spread is not None


def test_a_group_left_and_joined_again_is_compared_with_its_size_back_then():
    session = db_session()
    owner = manager_account(session, "back@example.org")
    subject = _peers(session, owner, "country", inside=4)  # Poland: five, four others
    assert _figure(session, subject, "country").spread is None
    subject.country = "CZ"  # away for one report
    session.commit()
    assert _figure(session, subject, "country").size == 6  # Czechia: five and the subject
    subject.country = "PL"
    _add(session, owner, "In 4", "80", KINDS["country"][0])  # Poland: six, five others
    session.commit()
    # Back in Poland, one more than when last compared there: not shown.
    assert _figure(session, subject, "country").spread is None


def test_reading_the_same_inputs_again_keeps_the_report():
    session = db_session()
    owner = manager_account(session, "same@example.org")
    subject = _add(session, owner, "Subject", "60", {}).organisation
    session.commit()
    first = report_for(session, subject)
    session.commit()
    again = report_for(session, subject)
    assert first is not None and again is not None
    assert again.record.id == first.record.id
