"""The benchmarking report's page and PDF: who may read them, what they say, and that a
report is kept until its inputs change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import BenchmarkReport
from labelapp.models import BenchmarkReportPdf
from labelapp.models import ConflictOfInterest
from labelapp.models import Review
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.web.settings import issuing
from tests.fixtures.pdf import pdf_text
from tests.fixtures.users import login
from tests.labelapp.services.factories import add_indicator_result
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import make_organisation


@pytest.fixture
def peers(app, manager):
    """Six labelled organisations in Poland, five of them digital; ``manager`` runs the
    third (leadership 60 %)."""
    with app.app_context():
        session = db_session()
        owner = session.merge(manager)
        made = []
        first = [("40", "digital"), ("50", "digital"), ("60", "digital"), ("70", "digital")]
        for n, (percent, ecosystem) in enumerate([*first, ("80", "digital"), ("90", "health")]):
            assessment = labelled_with_result(
                session, owner, f"Klaster Łódź {n}", percent, country="PL", ecosystem=ecosystem
            )
            add_indicator_result(session, assessment, "committed-members", str(10 * n + 10), n > 0)
            made.append(assessment)
        session.commit()
        return [(a.organisation.slug, a.organisation.name, a.id) for a in made]


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def test_a_manager_reads_the_report_with_its_groups_and_improvement_areas(app, manager, peers):
    slug, name, assessment_id = peers[2]
    with app.app_context():  # its label stands: the improvement plan may be declared
        found = db_session().get(Assessment, assessment_id)
        certificates.issue(db_session(), SYSTEM, found, issuing())
        db_session().commit()
    page = _client(app, manager).get(f"/organisations/{slug}/benchmarking")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert name in text and "Poland" in text and "Digital" in text
    assert "Median: 65.0 %" in text  # 40 50 60 70 80 90: type-7 median of the version
    assert "You: 60.0 %" in text
    assert "Where to improve first" in text
    # The improvement plan offers the report's proposed areas first.
    proposed = text[text.index('label="Proposed by the report"') :]
    assert proposed.index("Leadership") < proposed.index('label="Every other section')
    assert 'class="peer-bar"' in text and "<svg" in text
    # No other organisation's name appears anywhere.
    assert all(other not in text for _s, other, _i in peers if other != name)


def test_the_report_is_in_german_for_a_german_reader(app, manager, peers):
    slug, _name, _id = peers[2]
    page = _client(app, manager).get(f"/organisations/{slug}/benchmarking?lang=de")
    text = page.get_data(as_text=True)
    assert "Vergleichsgruppen" in text and "Polen" in text and "Median: 65,0 %" in text


def test_another_organisations_manager_and_anonymous_visitors_get_nothing(app, make_user, peers):
    slug, name, _id = peers[2]
    stranger = make_user(Role.MANAGER)
    client = _client(app, stranger)
    for address in (
        f"/organisations/{slug}/benchmarking",
        f"/organisations/{slug}/benchmarking.pdf",
    ):
        refused = client.get(address)
        assert refused.status_code == 404 and name not in refused.get_data(as_text=True)
        anonymous = app.test_client().get(address)
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert app.test_client().get("/organisations/no-such-cluster/benchmarking").status_code == 302
    assert client.get("/organisations/no-such-cluster/benchmarking").status_code == 404


def test_only_an_assessor_who_reviewed_the_organisation_reads_its_report(app, make_user, peers):
    slug, _name, assessment_id = peers[2]
    assessor = make_user(Role.ASSESSOR)
    address = f"/organisations/{slug}/benchmarking"
    client = _client(app, assessor)
    assert client.get(address).status_code == 404
    with app.app_context():
        db_session().add(Review(assessment_id=assessment_id, round=1, assessor_id=assessor.id))
        db_session().commit()
    assert client.get(address).status_code == 200
    with app.app_context():  # a conflict recorded later ends it, as it ends reviews
        organisation_id = db_session().get(Assessment, assessment_id).organisation_id
        db_session().add(
            ConflictOfInterest(assessor_id=assessor.id, organisation_id=organisation_id)
        )
        db_session().commit()
    assert client.get(address).status_code == 404
    assert client.get(f"{address}.pdf").status_code == 404


def test_an_administrator_reads_any_report_from_the_organisation_page(app, admin, peers):
    slug, name, assessment_id = peers[2]
    client = _client(app, admin)
    with app.app_context():
        organisation_id = db_session().get(Assessment, assessment_id).organisation_id
    page = client.get(f"/admin/organisations/{organisation_id}").get_data(as_text=True)
    assert f"/organisations/{slug}/benchmarking" in page
    assert name in client.get(f"/organisations/{slug}/benchmarking").get_data(as_text=True)


def test_an_organisation_without_an_approved_assessment_gets_a_clear_page(app, manager):
    with app.app_context():
        owner = db_session().merge(manager)
        organisation = make_organisation(db_session(), owner, name="Cluster Neu")
        db_session().commit()
        slug = organisation.slug
    client = _client(app, manager)
    page = client.get(f"/organisations/{slug}/benchmarking")
    assert page.status_code == 200
    assert "has no validated assessment yet" in page.get_data(as_text=True)
    assert client.get(f"/organisations/{slug}/benchmarking.pdf").status_code == 404


def test_the_pdf_names_the_organisation_and_each_group_size_and_is_kept(app, manager, peers):
    slug, name, _id = peers[2]
    client = _client(app, manager)
    first = client.get(f"/organisations/{slug}/benchmarking.pdf")
    assert first.status_code == 200 and first.headers["Content-Type"] == "application/pdf"
    assert first.headers["Cache-Control"] == "private, no-store"
    text = " ".join(pdf_text(first.data).split())
    assert name in text
    assert "Every labelled organisation on criteria 2026.1: 6" in text
    assert "Poland: 6" in text and "Digital: 5" in text and "Fewer than 50 members: 6" in text
    again = client.get(f"/organisations/{slug}/benchmarking.pdf")
    assert again.data == first.data  # kept, not rendered again
    assert client.get(f"/organisations/{slug}/benchmarking.pdf?lang=fr").data != first.data
    with app.app_context():
        assert count(db_session(), BenchmarkReport) == 1
        assert count(db_session(), BenchmarkReportPdf) == 2


def test_a_new_approval_in_a_group_issues_a_new_report_against_the_previous_sizes(
    app, manager, peers
):
    slug, _name, _id = peers[2]
    client = _client(app, manager)
    assert client.get(f"/organisations/{slug}/benchmarking").status_code == 200
    with app.app_context():
        session = db_session()
        owner = session.merge(manager)
        labelled_with_result(session, owner, "Klaster Nowy", "75", country="PL", ecosystem="health")
        session.commit()
    assert client.get(f"/organisations/{slug}/benchmarking").status_code == 200
    with app.app_context():
        reports = list(db_session().scalars(select(BenchmarkReport).order_by(BenchmarkReport.id)))
        assert len(reports) == 2
        assert reports[1].follows_id == reports[0].id
        assert reports[1].previous_sizes() == reports[0].sizes()
        version_id = db_session().get(Assessment, reports[0].assessment_id).criteria_version_id
        whole = f"{version_id}/version:"
        assert (reports[0].sizes()[whole], reports[1].sizes()[whole]) == (6, 7)


def test_figures_in_the_report_are_exact_type_7_quartiles(app, manager, peers):
    slug, _name, _id = peers[2]
    text = _client(app, manager).get(f"/organisations/{slug}/benchmarking").get_data(as_text=True)
    # The version's six: quartiles 52.5 and 77.5; the rank of 60 is 2.5 / 6 = 41.7.
    table = text.split("group-figures")[1]
    leadership = table.split("</tr>")[1]  # the first row after the header
    version = leadership.split('<td class="figure">')[2]  # after "You"
    assert "65.0 %" in version and "quartiles 52.5–77.5" in version and "rank 41.7" in version
