"""The k-anonymity rules of the benchmarking report, through issued reports: never a
group of 4; a group of 5 shown, except when the report before saw it at 4."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from labelapp.db import db_session
from labelapp.services.benchmark_report import report_for
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import manager_account

pytestmark = pytest.mark.usefixtures("ctx")

# For each kind of group: the profile of its members, and of organisations outside it
# (which keep the whole version's group at 5 or more).
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


@pytest.mark.parametrize("kind", KINDS)
def test_four_peers_are_never_shown_and_five_only_after_a_report_at_five(kind):
    session = db_session()
    owner = manager_account(session, f"{kind}@example.org")
    inside, outside = KINDS[kind]
    subject = _add(session, owner, "Subject", "60", inside).organisation
    for n in range(3):
        _add(session, owner, f"In {n}", str(40 + 10 * n), inside)
    for n in range(2):
        _add(session, owner, f"Out {n}", "90", outside)
    session.commit()

    at_four = _figure(session, subject, kind)
    assert (at_four.size, at_four.spread, at_four.rank, at_four.light) == (4, None, None, None)
    assert _figure(session, subject, "version").spread is not None  # six: shown

    _add(session, owner, "In 3", "70", inside)
    session.commit()
    # Five now, but four in the previous report: the two would give the newcomer away.
    at_five = _figure(session, subject, kind)
    assert (at_five.size, at_five.spread) == (5, None)

    _add(session, owner, "In 4", "80", inside)
    session.commit()
    at_six = _figure(session, subject, kind)  # six against five: both at least 5
    assert at_six.size == 6 and at_six.spread is not None
    # 40 50 60 60 70 80, the subject one of them: h = 1.25 and 2.5 (type 7).
    assert (at_six.spread.lower_quartile, at_six.spread.median) == (Decimal("52.5"), 60)


@pytest.mark.parametrize("kind", KINDS)
def test_five_peers_in_a_first_report_are_shown(kind):
    session = db_session()
    owner = manager_account(session, f"first-{kind}@example.org")
    inside, _outside = KINDS[kind]
    subject = _add(session, owner, "Subject", "60", inside).organisation
    for n in range(4):
        _add(session, owner, f"In {n}", str(40 + 10 * n), inside)
    session.commit()
    figure = _figure(session, subject, kind)
    assert figure.size == 5 and figure.spread is not None
    assert (figure.spread.lower_quartile, figure.spread.median) == (50, 60)  # 40 50 60 60 70


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
