"""Invitations to co-manage: every addition is an invitation that its addressee answers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import Invitation
from labelapp.models import OrganisationManager
from labelapp.models import Role
from labelapp.services import invitations as service
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.permissions import manages
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import audit_events
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import make_organisation

pytestmark = pytest.mark.usefixtures("ctx")

INVITED = "ewa@example.org"


@pytest.fixture
def organisation(manager):
    return make_organisation(db_session(), manager)


@pytest.fixture
def invite(manager, organisation):
    """invite(email) -> the link's token, as the organisation's manager."""

    def make(email: str = INVITED) -> str:
        return service.invite_manager(db_session(), actor(manager), organisation, email)

    return make


def _invitation() -> Invitation:
    return db_session().scalars(select(Invitation)).one()


def _last_details() -> dict:
    return json.loads(audit_events(db_session())[-1].details)


@pytest.mark.parametrize("owner", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN, None])
def test_every_address_gets_an_invitation_and_nobody_is_added(
    make_user, organisation, invite, owner
):
    if owner is not None:
        make_user(owner, email=INVITED)
    token = invite("Ewa@Example.org")
    invitation = service.find_invitation(db_session(), token)
    assert invitation is not None
    assert (invitation.organisation_id, invitation.email) == (organisation.id, INVITED)
    assert invitation.expires_at > utcnow() + timedelta(days=13)
    assert token not in (invitation.token_sha256, invitation.email)
    assert service.find_invitation(db_session(), token + "x") is None
    assert count(db_session(), OrganisationManager) == 1
    assert audit_actions(db_session())[-1] == "organisation.invitation_created"
    assert _last_details() == {"invitation_id": invitation.id, "email": INVITED, "renewed": False}


def test_the_managers_own_addresses_are_refused(manager, make_user, organisation, invite):
    colleague = make_user(email=INVITED)
    service.accept_invitation(db_session(), actor(colleague), token=invite())
    for email in (manager.email.upper(), INVITED):
        with pytest.raises(ValidationFailed, match="already manages") as failure:
            invite(email)
        assert [field for field, _message in failure.value.reasons] == ["email"]
    assert count(db_session(), Invitation) == 1


def test_a_bad_email_is_refused(invite):
    with pytest.raises(ValidationFailed) as failure:
        invite("not an address")
    assert [field for field, _message in failure.value.reasons] == ["email"]
    assert count(db_session(), Invitation) == 0


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_only_the_organisations_managers_invite(make_user, organisation, role):
    with pytest.raises(NotAllowed):
        service.invite_manager(db_session(), actor(make_user(role)), organisation, INVITED)
    assert count(db_session(), Invitation) == 0


def test_inviting_an_address_again_gives_a_fresh_link_and_retires_the_first(invite):
    first = invite()
    second = invite(INVITED.upper())
    assert service.find_invitation(db_session(), first) is None
    assert service.find_invitation(db_session(), second) == _invitation()
    assert _last_details()["renewed"] is True


def test_an_answered_invitation_does_not_block_a_new_one(make_user, invite):
    service.decline_invitation(db_session(), actor(make_user(email=INVITED)), token=invite())
    token = invite()
    assert service.find_invitation(db_session(), token) is not None
    assert count(db_session(), Invitation) == 2


def test_the_addressee_sees_the_invitation_and_others_do_not(
    manager, make_user, organisation, invite
):
    invited = make_user(email=INVITED)
    someone_else = make_user()
    invite()
    [listed] = service.list_open_invitations(db_session(), invited)
    assert listed.organisation == organisation
    assert listed.created_by == manager
    assert service.list_open_invitations(db_session(), someone_else) == []
    assert service.list_open_invitations(db_session(), manager) == []


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMIN])
def test_other_roles_never_see_invitations_for_their_address(make_user, invite, role):
    staff = make_user(role, email=INVITED)
    invite()
    assert service.list_open_invitations(db_session(), staff) == []


def test_an_account_registered_after_the_invitation_must_use_the_link(
    make_user, organisation, invite
):
    token = invite()
    late = make_user(email=INVITED)  # anyone can register any address: not proof enough
    assert service.list_open_invitations(db_session(), late) == []
    with pytest.raises(ValidationFailed, match="already answered"):
        service.accept_invitation(db_session(), actor(late), invitation_id=_invitation().id)
    service.accept_invitation(db_session(), actor(late), token=token)
    assert manages(db_session(), late, organisation.id)


def test_the_addressee_accepts_from_their_list(manager, make_user, organisation, invite):
    invited = make_user(email=INVITED)
    invite()
    invitation = _invitation()
    accepted = service.accept_invitation(db_session(), actor(invited), invitation_id=invitation.id)
    assert accepted == organisation
    assert manages(db_session(), invited, organisation.id)
    link = db_session().get(OrganisationManager, (organisation.id, invited.id))
    assert link.added_by_id == manager.id
    assert (invitation.accepted_by_id, invitation.declined_at) == (invited.id, None)
    assert invitation.accepted_at is not None
    assert service.list_open_invitations(db_session(), invited) == []
    assert audit_actions(db_session())[-1] == "organisation.invitation_accepted"
    assert _last_details() == {"invitation_id": invitation.id, "via": "account"}


def test_accepting_by_link_uses_it_up(make_user, organisation, invite):
    token = invite()
    holder = make_user()  # the link works for the manager account it was passed on to
    assert service.accept_invitation(db_session(), actor(holder), token=token) == organisation
    assert manages(db_session(), holder, organisation.id)
    assert service.find_invitation(db_session(), token) is None
    with pytest.raises(ValidationFailed, match="already answered"):
        service.accept_invitation(db_session(), actor(make_user()), token=token)
    assert count(db_session(), OrganisationManager) == 2
    assert _last_details() == {"invitation_id": _invitation().id, "via": "link"}


@pytest.mark.parametrize("by_link", [True, False])
def test_a_declined_invitation_adds_nobody_and_cannot_be_used_again(
    make_user, organisation, invite, by_link
):
    invited = make_user(email=INVITED)
    token = invite()
    key = {"token": token} if by_link else {"invitation_id": _invitation().id}
    assert service.decline_invitation(db_session(), actor(invited), **key) == organisation
    invitation = _invitation()
    assert (invitation.declined_by_id, invitation.accepted_at) == (invited.id, None)
    assert invitation.declined_at is not None
    assert not manages(db_session(), invited, organisation.id)
    assert service.find_invitation(db_session(), token) is None
    assert service.list_open_invitations(db_session(), invited) == []
    for answer in (service.accept_invitation, service.decline_invitation):
        with pytest.raises(ValidationFailed, match="already answered"):
            answer(db_session(), actor(invited), **key)
    assert audit_actions(db_session())[-1] == "organisation.invitation_declined"
    assert _last_details() == {
        "invitation_id": invitation.id,
        "via": "link" if by_link else "account",
    }


def test_an_expired_invitation_is_neither_listed_nor_answered(make_user, organisation, invite):
    invited = make_user(email=INVITED)
    token = invite()
    _invitation().expires_at = utcnow() - timedelta(minutes=1)
    db_session().flush()
    assert service.find_invitation(db_session(), token) is None
    assert service.list_open_invitations(db_session(), invited) == []
    for key in ({"token": token}, {"invitation_id": _invitation().id}):
        for answer in (service.accept_invitation, service.decline_invitation):
            with pytest.raises(ValidationFailed):
                answer(db_session(), actor(invited), **key)
    assert not manages(db_session(), invited, organisation.id)


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMIN])
def test_only_a_manager_account_answers_an_invitation(make_user, organisation, invite, role):
    staff = make_user(role, email=INVITED)
    token = invite()
    for key in ({"token": token}, {"invitation_id": _invitation().id}):
        for answer in (service.accept_invitation, service.decline_invitation):
            with pytest.raises(ValidationFailed, match="Only a cluster manager account"):
                answer(db_session(), actor(staff), **key)
    assert service.find_invitation(db_session(), token) is not None
    assert count(db_session(), OrganisationManager) == 1


def test_nobody_answers_by_number_an_invitation_addressed_to_someone_else(
    make_user, organisation, invite
):
    invite()
    other = make_user()
    for answer in (service.accept_invitation, service.decline_invitation):
        with pytest.raises(ValidationFailed, match="already answered"):
            answer(db_session(), actor(other), invitation_id=_invitation().id)
    invitation = _invitation()
    assert (invitation.accepted_at, invitation.declined_at) == (None, None)
    assert not manages(db_session(), other, organisation.id)


def test_an_answer_to_an_invitation_closed_meanwhile_is_refused(make_user, invite):
    """Of two answers read at the same time, only the first is recorded."""
    invited = make_user(email=INVITED)
    token = invite()
    invitation = _invitation()
    service.decline_invitation(db_session(), actor(invited), token=token)
    with pytest.raises(ValidationFailed, match="already answered"):
        service._close(db_session(), invitation, accepted_at=utcnow())
    assert invitation.accepted_at is None
