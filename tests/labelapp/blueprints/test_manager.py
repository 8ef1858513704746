"""Manager pages: profile, co-managers, answer pages, evidence, submission, history."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from labelapp.db import db_session
from labelapp.models import Answer
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Evidence
from labelapp.models import Organisation
from labelapp.services import messages
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.labelapp.blueprints.manager_helpers import PDF
from tests.labelapp.blueprints.manager_helpers import create_organisation
from tests.labelapp.blueprints.manager_helpers import publish_criteria
from tests.labelapp.blueprints.manager_helpers import row_version
from tests.labelapp.blueprints.manager_helpers import start_assessment
from tests.labelapp.services.factories import emailed_path


@pytest.fixture
def signed_in(app, client, login_as, manager):
    publish_criteria(app)
    login_as(manager)
    return client


def test_register_an_organisation_and_see_it(signed_in, session):
    path = create_organisation(signed_in, staff_fte="2,5")
    assert path == "/organisations/lodzki-klaster-ict"
    page = signed_in.get(path).get_data(as_text=True)
    assert "Łódzki Klaster ICT" in page and "Poland" in page
    assert session.scalar(select(Organisation.staff_fte)) == pytest.approx(2.5)
    assert "Łódzki Klaster ICT" in signed_in.get("/organisations").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("country", "XX", "Not a valid choice"),
        ("member_firms", "-3", "Enter a whole number from 0 to 1,000,000."),
        ("member_smes", "999", "there cannot be more SMEs than firms"),
        ("staff_fte", "lots", "Enter a number, e.g. 2.5."),
        ("website", "klaster", "Enter the full address"),
        ("year_founded", "3000", "Enter a year from 1800 to this year."),
        ("name", "", "Enter the organisation&#39;s name."),
        ("ecosystem", "", "Choose the main industrial ecosystem."),
        ("secondary_ecosystems", "digital", "The main ecosystem is already chosen"),
    ],
)
def test_profile_errors_sit_next_to_their_field(signed_in, session, field, value, message):
    response = submit(signed_in, "/organisations/new", {**_profile(), field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page
    assert message in page
    assert session.scalar(select(Organisation)) is None


def test_the_profile_keeps_the_ecosystems_and_shows_them_checked_when_edited(signed_in, session):
    from tests.labelapp.blueprints.manager_helpers import create_organisation

    path = create_organisation(
        signed_in, ecosystem="health", secondary_ecosystems=["digital", "electronics"]
    )
    page = signed_in.get(path).get_data(as_text=True)
    assert "Health (also Digital and Electronics)" in page
    form = signed_in.get(f"{path}/edit").get_data(as_text=True)
    assert 'value="health" selected' in form or 'selected value="health"' in form
    for code in ("digital", "electronics"):
        assert re.search(rf'<input checked[^>]*value="{code}"', form), code
    assert not re.search(r'<input checked[^>]*value="tourism"', form)
    assert session.scalar(select(Organisation.secondary_ecosystems)) == "digital,electronics"


def _profile():
    from tests.labelapp.blueprints.manager_helpers import PROFILE

    return dict(PROFILE)


def test_start_pins_the_current_version_and_only_one_may_be_open(signed_in, session):
    organisation = create_organisation(signed_in)
    overview = start_assessment(signed_in, organisation)
    assert "cluster-excellence 2026.1" in signed_in.get(overview).get_data(as_text=True)
    again = submit(signed_in, f"{organisation}/assessments", {}, form_url=organisation)
    assert again.headers["Location"] == organisation
    assert "already has an open assessment" in signed_in.get(organisation).get_data(as_text=True)
    assert len(session.scalars(select(Assessment)).all()) == 1


def test_answers_are_saved_and_the_valid_ones_kept_when_another_is_wrong(signed_in, session):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    response = submit(
        signed_in,
        page,
        {
            "row_version": row_version(signed_in, page),
            "value__leadership-vision": "75",
            "justification__leadership-vision": "Shared at the general assembly.",
            "value__leadership-governance": "40",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="value__leadership-governance-error"' in html
    assert "1 field needs attention; everything else on this page was saved." in html
    stored = {a.item_id: a.value for a in session.scalars(select(Answer))}
    # The refused value is not stored; blank items leave no rows.
    assert stored == {"leadership-vision": "75"}


def test_a_page_whose_only_change_is_refused_does_not_claim_the_rest_was_saved(signed_in, session):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    response = submit(
        signed_in,
        page,
        {"row_version": row_version(signed_in, page), "value__leadership-governance": "40"},
    )
    html = response.get_data(as_text=True)
    assert "1 field needs attention; nothing on this page was saved." in html
    assert "everything else" not in html
    assert session.scalars(select(Answer)).all() == []


def test_numbers_accept_a_decimal_comma_and_refuse_out_of_range(signed_in, session):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/indicators/governance"
    version = row_version(signed_in, page)
    response = submit(
        signed_in,
        page,
        {
            "row_version": version,
            "value__management-staff-fte": "2,5",
            "value__manager-experience": "-1",
        },
    )
    assert "Enter a number from 0" in response.get_data(as_text=True)
    stored = {a.item_id: a.value for a in session.scalars(select(Answer))}
    assert stored["management-staff-fte"] == "2.5"
    assert stored.get("manager-experience") is None


def test_a_stale_form_is_refused_and_nothing_is_overwritten(app, signed_in, session):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    old_version = row_version(signed_in, page)
    submit(signed_in, page, {"row_version": old_version, "value__leadership-vision": "50"})
    response = submit(
        signed_in, page, {"row_version": old_version, "value__leadership-vision": "100"}
    )
    html = response.get_data(as_text=True)
    assert "changed by someone else since you opened this page" in html
    # The refused entry is shown again, so the manager loses nothing.
    assert re.search(r'<input [^>]*checked id="value__leadership-vision-4"[^>]*value="100"', html)
    assert session.scalar(select(Answer.value).where(Answer.item_id == "leadership-vision")) == "50"


def test_evidence_upload_download_and_delete(signed_in, session):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    response = submit(
        signed_in,
        page,
        {
            "row_version": row_version(signed_in, page),
            "file__leadership-governance": (io.BytesIO(PDF), "../../board minutes.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    evidence = session.scalar(select(Evidence))
    assert evidence.original_name == "board minutes.pdf"
    assert evidence.media_type == "application/pdf"
    download = signed_in.get(f"{overview}/evidence/{evidence.id}")
    assert download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    token = csrf_token(signed_in, page)
    signed_in.post(
        f"{overview}/evidence/{evidence.id}/delete",
        data={"csrf_token": token, "row_version": row_version(signed_in, page)},
    )
    session.expire_all()
    assert session.scalar(select(Evidence)) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("report.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("empty.pdf", b""),
    ],
)
def test_disguised_or_empty_files_are_refused_next_to_the_field(signed_in, session, name, content):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    response = submit(
        signed_in,
        page,
        {
            "row_version": row_version(signed_in, page),
            "file__leadership-governance": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="file__leadership-governance-error"' in html
    assert session.scalar(select(Evidence)) is None


@pytest.mark.parametrize("app_settings", [{"LABELAPP_MAX_UPLOAD_MB": 1}])
def test_an_oversize_upload_gets_413_and_the_draft_is_untouched(signed_in, session, app_settings):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    version = row_version(signed_in, page)
    data = {
        "csrf_token": csrf_token(signed_in, page),
        "row_version": version,
        "value__leadership-vision": "100",
        "file__leadership-governance": FileStorage(io.BytesIO(PDF + b"0" * 2_000_000), "big.pdf"),
    }
    # Encoded in memory: the test client would spool a body this size to a temporary
    # file that nobody closes once the app refuses it.
    boundary, body = encode_multipart(data)
    response = signed_in.post(
        page, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    assert "larger than the limit of 1 MB" in response.get_data(as_text=True)
    assert session.scalar(select(Answer)) is None
    assert row_version(signed_in, page) == version


def test_submit_lists_missing_items_then_withdraw_works(signed_in, session):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    response = submit(signed_in, f"{overview}/submit", {"row_version": "1"}, form_url=overview)
    assert response.status_code == 302
    html = signed_in.get(overview).get_data(as_text=True)
    assert "Not submitted: some required items are missing" in html
    assert "Vision, mission and values shared with the members</a>: answer missing" in html
    assessment = session.scalar(select(Assessment))
    assert assessment.status is AssessmentStatus.DRAFT


def test_a_submitted_assessment_is_read_only_for_managers(signed_in, session):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    assessment = session.scalar(select(Assessment))
    assessment.status = AssessmentStatus.SUBMITTED
    session.commit()
    page = f"{overview}/sections/leadership"
    html = signed_in.get(page).get_data(as_text=True)
    assert "the answers are read-only" in html
    assert re.search(r'<input [^>]*disabled id="value__leadership-vision-0"', html)
    token = csrf_token(signed_in, overview)
    signed_in.post(page, data={"csrf_token": token, "value__leadership-vision": "100"})
    assert session.scalar(select(Answer)) is None


def test_an_invited_newcomer_registers_and_comes_back_to_the_invitation(app, signed_in):
    organisation = create_organisation(signed_in)
    invited = submit(
        signed_in,
        f"{organisation}/managers",
        {"email": "newbie@example.org"},
        form_url=organisation,
    )
    assert 'id="invitation-sent"' in invited.get_data(as_text=True)
    with app.app_context():
        path = emailed_path(db_session(), "newbie@example.org", messages.INVITATION)
    newcomer = app.test_client()
    to_login = newcomer.get(path)
    assert to_login.status_code == 302
    login_page = newcomer.get(to_login.headers["Location"]).get_data(as_text=True)
    register_url = re.search(r'href="(/register\?next=[^"]+)"', login_page).group(1)
    password = "a long enough passphrase"
    registered = submit(
        newcomer,
        register_url.replace("&amp;", "&"),
        {
            "display_name": "Newbie",
            "email": "newbie@example.org",
            "password": password,
            "confirm": password,
        },
    )
    assert registered.headers["Location"] == path
    accepted = submit(newcomer, path, {"accept": "Accept the invitation"})
    assert accepted.headers["Location"] == organisation


def test_compare_shows_what_improved_since_the_previous_assessment(signed_in, session):
    organisation = create_organisation(signed_in)
    first = start_assessment(signed_in, organisation)
    page = f"{first}/sections/leadership"
    submit(
        signed_in,
        page,
        {"row_version": row_version(signed_in, page), "value__leadership-vision": "25"},
    )
    old = session.scalar(select(Assessment))
    old.status = AssessmentStatus.APPROVED
    session.commit()
    second = start_assessment(signed_in, organisation)
    page = f"{second}/sections/leadership"
    submit(
        signed_in,
        page,
        {"row_version": row_version(signed_in, page), "value__leadership-vision": "75"},
    )
    html = signed_in.get(f"{second}/compare").get_data(as_text=True)
    row = re.search(r'<tr class="change-improved">\s*<td>Vision, mission[^<]*</td>', html)
    assert row, html
    history = signed_in.get(organisation).get_data(as_text=True)
    assert history.count("cluster-excellence 2026.1") >= 2


def test_the_history_compares_only_with_a_previous_one_and_shows_the_note(signed_in, session):
    organisation = create_organisation(signed_in)
    start_assessment(signed_in, organisation)
    assert "Compare with the previous" not in signed_in.get(organisation).get_data(as_text=True)
    old = session.scalar(select(Assessment))
    old.status, old.decision_note = AssessmentStatus.REJECTED, "The strategy is not adopted yet."
    session.commit()
    second = start_assessment(signed_in, organisation)
    history = signed_in.get(organisation).get_data(as_text=True)
    assert history.count("Compare with the previous") == 1
    assert f'href="{second}/compare"' in history
    assert "Reason for rejection:</span> The strategy is not adopted yet." in history


def test_a_refused_submission_opens_the_list_of_missing_fields_at_the_top(signed_in):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    response = submit(signed_in, f"{overview}/submit", {"row_version": "1"}, form_url=overview)
    assert response.headers["Location"] == f"{overview}?missing=listed"
    html = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    top = html.index('id="missing-items"')
    assert top < html.index("Score so far") and "<details open>" in html[:top]
    assert f'href="{overview}/indicators/structure#value__committed-members"' in html


@pytest.mark.parametrize(
    "back", ["/x\r\nSet-Cookie: a=b", "//evil.example", "/sections/leadership"]
)
def test_the_delete_button_only_returns_to_pages_of_the_assessment(signed_in, session, back):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    submit(
        signed_in,
        page,
        {
            "row_version": row_version(signed_in, page),
            "url__leadership-governance": "https://docs.example.org/minutes",
        },
    )
    evidence = session.scalar(select(Evidence))
    response = signed_in.post(
        f"{overview}/evidence/{evidence.id}/delete",
        data={
            "csrf_token": csrf_token(signed_in, page),
            "row_version": row_version(signed_in, page),
            "back": back,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] in {overview, f"{overview}/sections/leadership"}


@pytest.mark.parametrize("version", ["²", "9" * 5000])
def test_unreadable_versions_on_manager_forms_are_stale_not_500(signed_in, session, version):
    overview = start_assessment(signed_in, create_organisation(signed_in))
    page = f"{overview}/sections/leadership"
    response = submit(signed_in, page, {"row_version": version, "value__leadership-vision": "50"})
    assert "changed by someone else" in response.get_data(as_text=True)
    response = submit(signed_in, f"{overview}/submit", {"row_version": version}, form_url=overview)
    assert response.status_code == 302
    assert session.scalar(select(Answer)) is None
