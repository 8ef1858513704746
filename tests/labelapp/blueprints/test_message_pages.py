"""The pages around e-mail: each user's messages and the optional kinds they turn off,
an organisation's expiry reminders, and the administrator's list of what was not
delivered, with its last error and a way to send it again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import MessageOptOut
from labelapp.models import MessageState
from labelapp.models import Organisation
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.services import messages
from labelapp.services import outbox
from tests.fixtures.app import submit
from tests.labelapp.services.factories import issued

FACTS = {"organisation": "Klaster Morski", "note": "No.", "path": "/assessments/1"}


def _queue(app, user=None, address="", **fields) -> int:
    with app.app_context():
        message = outbox.queue(
            db_session(),
            fields.pop("kind", messages.REJECTED),
            fields.pop("facts", FACTS),
            to=db_session().merge(user) if user else None,
            address=address,
        )
        for name, value in fields.items():
            setattr(message, name, value)
        db_session().commit()
        return message.id


def test_an_assessor_turns_off_new_submissions_and_keeps_second_assessor_requests(
    app, client, login_as, make_user
):
    assessor = make_user(Role.ASSESSOR)
    login_as(assessor)
    page = client.get("/account/messages").get_data(as_text=True)
    assert "An assessment is submitted for review" in page
    assert "A level needs a second assessor" in page
    assert "expires, or its renewal window ends" not in page  # a manager's kind
    saved = submit(client, "/account/messages", {"receive": [messages.SECOND_ASSESSOR]})
    assert saved.status_code == 302
    with app.app_context():
        kinds = db_session().scalars(
            select(MessageOptOut.kind).where(MessageOptOut.user_id == assessor.id)
        )
        assert list(kinds) == [messages.SUBMITTED]
    again = client.get("/account/messages").get_data(as_text=True)
    ticked = re.findall(
        r'<input checked id="receive-\d" name="receive" type="checkbox" value="(\w+)"', again
    )
    assert ticked == [messages.SECOND_ASSESSOR]
    submit(client, "/account/messages", {"receive": [messages.SUBMITTED, messages.SECOND_ASSESSOR]})
    with app.app_context():
        assert db_session().scalars(select(MessageOptOut)).all() == []


def test_a_made_up_kind_is_refused_and_nothing_changes(app, client, login_as, make_user):
    login_as(make_user(Role.MANAGER))
    refused = submit(client, "/account/messages", {"receive": ["password_reset"]})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'id="receive-error"' in page, page[page.find("<main") :][
        :1500
    ]
    with app.app_context():
        assert db_session().scalars(select(MessageOptOut)).all() == []


def test_a_user_sees_the_messages_written_to_them_and_no_one_elses(
    app, client, login_as, make_user
):
    me, other = make_user(Role.MANAGER), make_user(Role.MANAGER)
    _queue(app, me, state=MessageState.SENT, sent_at=utcnow())
    _queue(app, other, facts={**FACTS, "organisation": "Someone Else"})
    login_as(me)
    page = client.get("/account/messages").get_data(as_text=True)
    assert "Assessment rejected: Klaster Morski" in page and "Sent " in page
    assert "Someone Else" not in page


def test_managers_turn_their_organisations_reminders_off_and_on(
    app, client, login_as, manager, make_user
):
    with app.app_context():
        label = issued(db_session(), db_session().merge(manager))
        db_session().commit()
        slug = label.organisation.slug
    path = f"/organisations/{slug}"
    outsider = make_user(Role.MANAGER)
    login_as(outsider)
    assert submit(
        client, f"{path}/reminders", {"on": "0"}, form_url="/organisations"
    ).status_code in (403, 404)
    login_as(manager)
    assert "Turn the reminders off" in client.get(path).get_data(as_text=True)
    assert submit(client, f"{path}/reminders", {"on": "0"}, form_url=path).status_code == 302
    with app.app_context():
        assert db_session().scalar(select(Organisation.reminders)) is False
    assert "Turn the reminders on" in client.get(path).get_data(as_text=True)
    submit(client, f"{path}/reminders", {"on": "1"}, form_url=path)
    with app.app_context():
        assert db_session().scalar(select(Organisation.reminders)) is True


def test_the_admin_sees_what_was_not_delivered_and_sends_it_again(
    app, client, login_as, admin, make_user
):
    failed = _queue(
        app,
        address="gone@example.org",
        state=MessageState.FAILED,
        attempts=3,
        last_error="the mail server refused the address: gone@example.org (550 no such user)",
    )
    _queue(app, address="fine@example.org", state=MessageState.SENT)
    forgotten = _queue(
        app,
        address="jan@example.org",
        kind=messages.INVITATION,
        facts={"organisation": "K", "inviter": "Z", "days": 14, "secret_path": ""},
        state=MessageState.FAILED,
    )
    login_as(make_user(Role.MANAGER))
    assert client.get("/admin/messages").status_code == 403
    login_as(admin)
    page = client.get("/admin/messages").get_data(as_text=True)
    assert "gone@example.org" in page and "550 no such user" in page and "Given up" in page
    assert "fine@example.org" not in page  # delivered: nothing to do
    assert (
        submit(
            client, f"/admin/messages/{failed}/retry", {}, form_url="/admin/messages"
        ).status_code
        == 302
    )
    refused = submit(client, f"/admin/messages/{forgotten}/retry", {}, form_url="/admin/messages")
    assert refused.status_code == 302
    flashed = client.get("/admin/messages").get_data(as_text=True)
    assert "one-time link is forgotten" in flashed
    with app.app_context():
        states = dict(db_session().execute(select(OutboxMessage.id, OutboxMessage.state)).all())
        assert states[failed] is MessageState.PENDING
        assert states[forgotten] is MessageState.FAILED


@pytest.mark.parametrize("path", ["/account/messages", "/admin/messages"])
def test_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
