"""Co-managers are invited: the inviter learns nothing about the address, the invited
person accepts or declines after signing in (from their list or from the link)."""

from __future__ import annotations

import re

import pytest
from babel.dates import format_date
from sqlalchemy import func
from sqlalchemy import select

from labelapp.models import Invitation
from labelapp.models import OrganisationManager
from labelapp.models import Role
from labelapp.services import messages
from tests.fixtures.app import CSRF_PATTERN
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.blueprints.manager_helpers import create_organisation
from tests.labelapp.services.factories import emailed_path

INVITED = "jan@example.org"
LIST = "/organisations"


@pytest.fixture
def signed_in(client, login_as, manager):
    login_as(manager)
    return client


@pytest.fixture
def organisation(signed_in):
    return create_organisation(signed_in)


@pytest.fixture
def client_of(app):
    def sign_in(user):
        other = app.test_client()
        assert login(other, user.email).status_code == 302
        return other

    return sign_in


def _invite(client, organisation, email=INVITED):
    return submit(client, f"{organisation}/managers", {"email": email}, form_url=organisation)


def _link_path(session, email: str = INVITED) -> str:
    """The link the invitation e-mail to ``email`` carries (still in the outbox)."""
    session.expire_all()
    return emailed_path(session, email, messages.INVITATION)


def _answer_path(page: str) -> str:
    return re.search(r'action="(/invitations/\d+/answer)"', page).group(1)


def _masked(response) -> str:
    """The page without what differs at every request: the address invited and the
    CSRF tokens."""
    page = re.sub(r"[\w.+-]+@[\w.-]+", "ADDRESS", response.get_data(True))
    return CSRF_PATTERN.sub('name="csrf_token" type="hidden" value="CSRF"', page)


def _managers(session) -> int:
    return session.scalar(select(func.count()).select_from(OrganisationManager))


def _invitation(session) -> Invitation:
    session.expire_all()
    return session.scalars(select(Invitation).order_by(Invitation.id.desc())).first()


def test_the_answer_is_the_same_whoever_uses_the_address(
    signed_in, organisation, make_user, session
):
    make_user(Role.MANAGER, email=INVITED)
    make_user(Role.ASSESSOR, email="ada@example.org")
    make_user(Role.ADMIN, email="root@example.org")
    # The last address is invited twice: an open invitation gets a fresh link.
    emails = [INVITED, "ADA@example.org", "root@example.org", "nobody@example.org"]
    answers = [_invite(signed_in, organisation, email) for email in [*emails, emails[-1]]]
    first = answers[0]
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-store"
    assert first.mimetype == "text/html"
    assert 'id="invitation-sent"' in _masked(first)
    for answer in answers[1:]:
        assert (answer.status_code, answer.headers["Cache-Control"]) == (200, "no-store")
        assert _masked(answer) == _masked(first)
    # Each went by e-mail with a link of its own; none is shown on the page.
    paths = [_link_path(session, email.lower()) for email in emails]
    assert len(set(paths)) == len(emails) and all(p.startswith("/invitations/") for p in paths)
    assert "/invitations/" not in first.get_data(as_text=True)
    assert _managers(session) == 1  # nobody is added before accepting
    assert session.scalar(select(func.count()).select_from(Invitation)) == len(emails)


def test_the_organisations_own_managers_are_refused_next_to_the_field(
    signed_in, organisation, manager, session
):
    response = _invite(signed_in, organisation, manager.email.upper())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="email-error"' in page and "This person already manages the organisation." in page
    assert 'id="invitation-sent"' not in page
    assert session.scalar(select(Invitation)) is None


def test_the_invited_manager_sees_the_invitation_and_accepts(
    signed_in, organisation, manager, make_user, client_of, session
):
    invited = client_of(make_user(email=INVITED))
    _invite(signed_in, organisation, INVITED.upper())
    assert invited.get(organisation).status_code == 404  # not a manager yet
    page = invited.get(LIST).get_data(as_text=True)
    # As an English reader reads a day (web.i18n formats English days the British way).
    expires = format_date(_invitation(session).expires_at.date(), "medium", locale="en_GB")
    assert page.index("Invitations to co-manage") < page.index("Register an organisation")
    assert "Łódzki Klaster ICT" in page and manager.display_name in page
    assert f"expires on {expires}" in page
    accepted = submit(invited, _answer_path(page), {"accept": "y"}, form_url=LIST)
    assert (accepted.status_code, accepted.headers["Location"]) == (302, organisation)
    landing = invited.get(organisation)
    assert landing.status_code == 200
    assert "You now co-manage Łódzki Klaster ICT." in landing.get_data(as_text=True)
    assert "Invitations to co-manage" not in invited.get(LIST).get_data(as_text=True)
    assert _managers(session) == 2


def test_a_declined_invitation_adds_nobody_and_its_link_stops_working(
    signed_in, organisation, make_user, client_of, session
):
    invited = client_of(make_user(email=INVITED))
    _invite(signed_in, organisation)
    link = _link_path(session)
    answer = _answer_path(invited.get(LIST).get_data(as_text=True))
    declined = submit(invited, answer, {"decline": "y"}, form_url=LIST)
    assert declined.headers["Location"] == LIST
    page = invited.get(LIST).get_data(as_text=True)
    assert "You declined the invitation to co-manage Łódzki Klaster ICT." in page
    assert "Invitations to co-manage" not in page
    assert invited.get(organisation).status_code == 404
    assert invited.get(link).status_code == 404
    again = submit(invited, answer, {"accept": "y"}, form_url=LIST)
    assert again.status_code == 404
    assert _managers(session) == 1
    assert _invitation(session).declined_at is not None


@pytest.mark.parametrize("button", ["accept", "decline"])
def test_the_link_offers_accept_and_decline_to_the_manager_it_was_passed_to(
    signed_in, organisation, make_user, client_of, session, button
):
    _invite(signed_in, organisation)
    link = _link_path(session)
    holder = client_of(make_user(email="other.address@example.org"))
    page = holder.get(link).get_data(as_text=True)
    assert 'value="Accept the invitation"' in page and 'value="Decline the invitation"' in page
    answered = submit(holder, link, {button: "y"})
    assert answered.headers["Location"] == (organisation if button == "accept" else LIST)
    assert holder.get(link).status_code == 404  # used once
    assert _managers(session) == (2 if button == "accept" else 1)


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMIN])
def test_an_assessor_or_admin_with_the_link_gets_a_clear_refusal(
    signed_in, organisation, make_user, client_of, session, role
):
    staff = make_user(role, email=INVITED)
    _invite(signed_in, organisation)
    link = _link_path(session)
    client = client_of(staff)
    page = client.get(link)
    assert page.status_code == 403
    assert "Only a cluster manager account can accept an invitation." in page.get_data(True)
    assert 'name="accept"' not in page.get_data(as_text=True)
    token = csrf_token(client, "/")
    for button in ("accept", "decline"):
        assert client.post(link, data={"csrf_token": token, button: "y"}).status_code == 403
    invitation = _invitation(session)
    answer = f"/invitations/{invitation.id}/answer"
    assert client.post(answer, data={"csrf_token": token, "accept": "y"}).status_code == 403
    assert (invitation.accepted_at, invitation.declined_at) == (None, None)
    assert _managers(session) == 1


def test_answers_need_the_csrf_token(signed_in, organisation, make_user, client_of, session):
    invited = client_of(make_user(email=INVITED))
    _invite(signed_in, organisation)
    link = _link_path(session)
    answer = f"/invitations/{_invitation(session).id}/answer"
    for url in (link, answer):
        for button in ("accept", "decline"):
            for token in ({}, {"csrf_token": "forged"}):
                response = invited.post(url, data={button: "y", **token})
                assert response.status_code == 400, (url, button, token)
    forged = signed_in.post(f"{organisation}/managers", data={"email": "x@example.org"})
    assert forged.status_code == 400
    invitation = _invitation(session)
    assert (invitation.accepted_at, invitation.declined_at) == (None, None)
    assert session.scalar(select(func.count()).select_from(Invitation)) == 1
    assert _managers(session) == 1


def test_an_answer_must_choose_one_button(signed_in, organisation, make_user, client_of, session):
    invited = client_of(make_user(email=INVITED))
    _invite(signed_in, organisation)
    link = _link_path(session)
    answer = _answer_path(invited.get(LIST).get_data(as_text=True))
    for data in ({}, {"accept": "y", "decline": "y"}):
        page = submit(invited, link, data)
        assert page.status_code == 200
        assert "Choose to accept or to decline the invitation." in page.get_data(True)
        assert submit(invited, answer, data, form_url=LIST).headers["Location"] == LIST
    invitation = _invitation(session)
    assert (invitation.accepted_at, invitation.declined_at) == (None, None)
