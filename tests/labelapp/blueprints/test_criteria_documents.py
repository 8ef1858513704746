"""The criteria for anyone (page, PDF, empty workbook, in the reader's language) and the
manager's offline work: download the answers, upload them filled in, read the report."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from tests.fixtures.app import csrf_token
from tests.fixtures.pdf import all_pdf_text
from tests.fixtures.users import login
from tests.labelapp.services.factories import PATH_VERSION
from tests.labelapp.services.factories import publish_criteria
from tests.labelapp.services.factories import start


@pytest.fixture
def published(app):
    with app.app_context():
        publish_criteria(db_session())
        db_session().commit()


@pytest.fixture
def draft(app, manager) -> int:
    with app.app_context():
        found = start(db_session(), db_session().merge(manager))
        db_session().commit()
        return found.id


def test_every_published_version_has_a_page_in_the_readers_language(client, published):
    listing = client.get("/criteria").get_data(as_text=True)
    assert f'href="/criteria/cluster-excellence/{PATH_VERSION}"' in listing
    page = client.get(f"/criteria/cluster-excellence/{PATH_VERSION}?lang=de")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Kriterien, Version 2027.1" in text
    assert 'id="level-gold"' in text  # what an Open Badges achievement links to
    assert "Gültig für 24 Monate." in text
    assert client.get("/criteria/cluster-excellence/1999.1").status_code == 404
    assert client.get("/criteria/no-such-scheme/2027.1.pdf").status_code == 404


# Rendering 30 pages does not depend on the database the version was read from.
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_pdf_holds_sections_criteria_indicators_and_levels(client, published):
    response = client.get(f"/criteria/cluster-excellence/{PATH_VERSION}.pdf?lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = all_pdf_text(response.data)
    assert "Critères, version 2027.1" in text
    assert "Valable 24 mois." in text
    again = client.get(
        f"/criteria/cluster-excellence/{PATH_VERSION}.pdf?lang=fr",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_the_empty_workbook_names_its_version(client, published):
    response = client.get(f"/criteria/cluster-excellence/{PATH_VERSION}.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    about = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True) if row}
    assert about["criteria_version"] == PATH_VERSION
    assert book.worksheets[0]["A1"].value == "ID"


def test_a_manager_uploads_a_filled_workbook_and_reads_each_row(client, app, manager, draft):
    login(client, manager.email)
    page = client.get(f"/assessments/{draft}/offline")
    assert page.status_code == 200
    book = load_workbook(io.BytesIO(client.get(f"/assessments/{draft}/answers.xlsx").data))
    sheet = book.worksheets[0]
    sheet["E2"], sheet["E3"] = 75, 33
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        f"/assessments/{draft}/offline",
        data={
            "csrf_token": csrf_token(client, f"/assessments/{draft}/offline"),
            "file": (io.BytesIO(out.getvalue()), "answers.xlsx"),
        },
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 saved" in text and "1 refused" in text
    assert "Choose one of the listed answers." in text
    with app.app_context():
        answers = {a.item_id: a.value for a in db_session().get(Assessment, draft).answers}
    assert answers[sheet["A2"].value] == "75" and sheet["A3"].value not in answers


def test_a_refused_file_is_named_next_to_the_field(client, manager, draft):
    login(client, manager.email)
    response = client.post(
        f"/assessments/{draft}/offline",
        data={
            "csrf_token": csrf_token(client, f"/assessments/{draft}/offline"),
            "file": (io.BytesIO(b"not a workbook"), "answers.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert 'id="file-error"' in response.get_data(as_text=True)


def test_someone_elses_assessment_is_not_found(client, make_user, draft):
    stranger = make_user()
    login(client, stranger.email)
    for path in ("offline", "answers.xlsx", "answers.json"):
        assert client.get(f"/assessments/{draft}/{path}").status_code == 404


def test_an_upload_after_submission_saves_nothing_and_says_so(client, app, manager, draft):
    login(client, manager.email)
    token = csrf_token(client, f"/assessments/{draft}/offline")
    with app.app_context():
        found = db_session().get(Assessment, draft)
        found.status = AssessmentStatus.SUBMITTED
        db_session().commit()
    response = client.post(
        f"/assessments/{draft}/offline",
        data={"csrf_token": token, "file": (io.BytesIO(b"{}"), "answers.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 409
    assert "not a draft now: nothing was saved" in response.get_data(as_text=True)
