"""Nobody but the organisation's managers reaches its pages, forms and downloads, and nobody
but its addressee answers an invitation by its number."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlalchemy import select

from labelapp.models import Answer
from labelapp.models import Evidence
from labelapp.models import Invitation
from labelapp.models import OrganisationManager
from labelapp.models import Role
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.blueprints.manager_helpers import PDF
from tests.labelapp.blueprints.manager_helpers import create_organisation
from tests.labelapp.blueprints.manager_helpers import publish_criteria
from tests.labelapp.blueprints.manager_helpers import row_version
from tests.labelapp.blueprints.manager_helpers import start_assessment


@pytest.fixture
def owned(app, client, login_as, manager, session):
    """Organisation A with an assessment and one uploaded document, made by its manager."""
    publish_criteria(app)
    login_as(manager)
    organisation = create_organisation(client)
    overview = start_assessment(client, organisation)
    page = f"{overview}/sections/leadership"
    submit(
        client,
        page,
        {
            "row_version": row_version(client, page),
            "file__leadership-governance": (io.BytesIO(PDF), "minutes.pdf"),
        },
        content_type="multipart/form-data",
    )
    evidence_id = session.scalar(select(Evidence.id))
    return {
        "organisation": organisation,
        "overview": overview,
        "page": page,
        "evidence": f"{overview}/evidence/{evidence_id}",
        "delete": f"{overview}/evidence/{evidence_id}/delete",
    }


GETS = ["organisation", "overview", "page", "evidence"]
EXTRA_GETS = [
    "{organisation}/edit",
    "{overview}/indicators/structure",
    "{overview}/compare",
    "{overview}/improvement-areas",
]
POSTS = [
    "{page}",
    "{delete}",
    "{overview}/submit",
    "{overview}/withdraw",
    "{organisation}/managers",
    "{organisation}/assessments",
    "{organisation}/edit",
    "{organisation}/renewal",
    "{organisation}/improvement-areas",
    "{organisation}/improvement-areas/1/withdraw",
    "{overview}/improvement-areas",
]


def _urls(owned):
    return [owned[key] for key in GETS] + [url.format(**owned) for url in EXTRA_GETS]


# Other roles are stopped by the role check (403); another organisation's manager by the
# object check, which does not say whether the object exists (404).
REFUSED = {Role.MANAGER: 404, Role.ASSESSOR: 403, Role.ADMIN: 403}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_other_accounts_get_403_or_404_everywhere(app, owned, make_user, role, session):
    stranger = app.test_client()
    login(stranger, make_user(role).email)
    for url in _urls(owned):
        response = stranger.get(url)
        assert response.status_code == REFUSED[role], url
        assert b"minutes" not in response.data
    token = csrf_token(stranger, "/")
    for url in POSTS:
        target = url.format(**owned)
        response = stranger.post(
            target, data={"csrf_token": token, "value__leadership-vision": "100"}
        )
        assert response.status_code == REFUSED[role], target
    assert session.scalar(select(Answer).where(Answer.value == "100")) is None
    assert session.scalar(select(Evidence)) is not None


def test_visitors_are_sent_to_sign_in_and_see_nothing(app, owned):
    visitor = app.test_client()
    for url in _urls(owned):
        response = visitor.get(url)
        assert response.status_code == 302, url
        assert "/login?next=" in response.headers["Location"]


def test_a_manager_of_another_organisation_cannot_use_their_form_token_here(app, owned, make_user):
    other = app.test_client()
    login(other, make_user(Role.MANAGER).email)
    mine = start_assessment(other, create_organisation(other, name="Other Cluster"))
    token = csrf_token(other, f"{mine}/sections/leadership")
    response = other.post(
        owned["page"],
        data={"csrf_token": token, "row_version": "1", "value__leadership-vision": "100"},
    )
    assert response.status_code == 404


FIELDS = [
    "row_version",
    "value__leadership-vision",
    "justification__leadership-vision",
    "value__leadership-governance",
    "url__leadership-governance",
    "save",
    "save_next",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=300), max_size=len(FIELDS)))
def test_random_form_posts_never_give_a_server_error(client, owned, data):
    token = csrf_token(client, owned["page"])
    response = client.post(owned["page"], data={"csrf_token": token, **data})
    assert response.status_code < 500


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_only_its_addressee_answers_an_invitation_by_its_number(
    app, client, login_as, manager, make_user, role, session
):
    login_as(manager)
    organisation = create_organisation(client)
    submit(client, f"{organisation}/managers", {"email": "jan@example.org"}, form_url=organisation)
    make_user(email="jan@example.org")
    invitation_id = session.scalar(select(Invitation.id))
    stranger = app.test_client()
    login(stranger, make_user(role).email)
    assert "Łódzki Klaster ICT" not in stranger.get("/organisations").get_data(as_text=True)
    token = csrf_token(stranger, "/")
    for button in ("accept", "decline"):
        response = stranger.post(
            f"/invitations/{invitation_id}/answer", data={"csrf_token": token, button: "y"}
        )
        assert response.status_code == REFUSED[role]
    assert session.scalar(select(Invitation.accepted_at)) is None
    assert session.scalar(select(Invitation.declined_at)) is None
    assert session.scalar(select(func.count()).select_from(OrganisationManager)) == 1
