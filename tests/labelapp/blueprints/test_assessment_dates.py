"""The lead records the assessment's day on the review screen; the approval needs it, the
certificate, its verification page and the API show it, and validity counts from it."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.services import certificates
from tests.fixtures.app import submit
from tests.labelapp.blueprints.test_assessor import _claim
from tests.labelapp.blueprints.test_assessor import _client
from tests.labelapp.blueprints.test_assessor import _version
from tests.labelapp.blueprints.test_assessor import submitted  # noqa: F401 (fixture)
from tests.labelapp.services.factories import month_end
from tests.labelapp.services.factories import months_ago


def _overview(client, assessment_id, **fields):
    path = f"/review/{assessment_id}"
    return submit(client, path, {"row_version": _version(client, path), **fields})


def _stored(app, assessment_id) -> tuple[date | None, date | None, int]:
    with app.app_context():
        found = db_session().get(Assessment, assessment_id)
        return found.assessed_on, found.assessed_until, found.row_version


def test_the_lead_records_the_visit_days_with_the_review_notes(app, submitted, assessor):  # noqa: F811
    lead = _client(app, assessor)
    _claim(lead, submitted)
    saved = _overview(
        lead, submitted, assessed_on="2026-02-03", assessed_until="2026-02-04", recommendation=""
    )
    assert saved.status_code == 302
    assert _stored(app, submitted)[:2] == (date(2026, 2, 3), date(2026, 2, 4))
    page = lead.get(f"/review/{submitted}").get_data(as_text=True)
    assert 'value="2026-02-03"' in page and 'value="2026-02-04"' in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"assessed_on": "3 Feb"}, "assessed_on", "Not a valid date value"),
        (
            {"assessed_on": (certificates.today() + timedelta(days=1)).isoformat()},
            "assessed_on",
            "cannot take place in the future",
        ),
        ({"assessed_on": "2011-12-31"}, "assessed_on", "founded in 2012"),
        (
            {"assessed_on": "2026-02-03", "assessed_until": "2026-02-02"},
            "assessed_until",
            "cannot be before the first",
        ),
        (
            {"assessed_on": "2026-01-01", "assessed_until": "2026-02-01"},
            "assessed_until",
            "at most 31 days",
        ),
        ({"assessed_until": "2026-02-02"}, "assessed_on", "first day of the assessment too"),
    ],
)
def test_days_that_cannot_be_are_refused_next_to_their_field(
    app,
    submitted,  # noqa: F811
    assessor,
    fields,
    field,
    message,
):
    lead = _client(app, assessor)
    _claim(lead, submitted)
    before = _stored(app, submitted)
    response = _overview(lead, submitted, recommendation="Strong", **fields)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    error = page[page.index(f'id="{field}-error"') :]
    assert message in error[: error.index("</div>")]
    assert f'id="{field}" ' in page and 'aria-invalid="true"' in page
    assert _stored(app, submitted) == before  # nothing saved, the notes neither


def test_an_approval_without_the_day_is_refused_and_with_it_counts_validity_from_its_month(
    app,
    submitted,  # noqa: F811
    assessor,
    make_user,
):
    from labelapp.models import Role

    lead = _client(app, assessor)
    _claim(lead, submitted)
    path = f"/review/{submitted}"
    visited = months_ago(2)
    refused = submit(
        lead, f"{path}/decision", {"row_version": _version(lead, path), "approve": "1"}
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Enter the day of the assessment (interview or site visit)" in page
    with app.app_context():
        found = db_session().get(Assessment, submitted)
        assert (found.status, found.pending_level) == (AssessmentStatus.IN_REVIEW, None)

    submit(
        lead,
        f"{path}/decision",
        {"row_version": _version(lead, path), "approve": "1", "assessed_on": visited.isoformat()},
    )
    second = _client(app, make_user(Role.ASSESSOR))
    confirmed = submit(
        second,
        f"{path}/confirm",
        {"row_version": _version(second, f"{path}/confirm"), "no_conflict": "y", "confirm": "1"},
    )
    assert confirmed.status_code == 302
    with app.app_context():
        certificate = db_session().query(Certificate).one()
        number = certificate.number
        assert certificate.assessed_on == visited
        assert certificate.valid_until == month_end(visited, 23)  # the visit's month first

    anyone = app.test_client()
    public = anyone.get(f"/verify/{number}").get_data(as_text=True)
    assert "Assessed on" in public and f'<time datetime="{visited.isoformat()}">' in public
    data = anyone.get(f"/api/v1/certificates/{number}").get_json()
    expected = (visited.isoformat(), month_end(visited, 23).isoformat())
    assert (data["assessed_on"], data["valid_until"]) == expected


def test_a_day_that_would_end_the_label_before_its_issue_is_refused(
    app,
    submitted,  # noqa: F811
    assessor,
):
    """A typo of a year (2024 for 2026) is caught before it issues an expired label."""
    lead = _client(app, assessor)
    _claim(lead, submitted)
    path = f"/review/{submitted}"
    # Gold of the bundled criteria: 24 months from January 2024 ended in December 2025.
    refused = submit(
        lead,
        f"{path}/decision",
        {"row_version": _version(lead, path), "approve": "1", "assessed_on": "2024-01-10"},
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "the label would end before it is issued: check the day." in page
    with app.app_context():
        found = db_session().get(Assessment, submitted)
        # Refused as a whole: neither the day nor a proposal is kept.
        assert (found.status, found.assessed_on, found.pending_level) == (
            AssessmentStatus.IN_REVIEW,
            None,
            None,
        )
