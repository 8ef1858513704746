"""A mail server that is down, refuses an address or fails TLS: the change that wrote the
message is committed whatever happens; the failure is recorded on the message in one
readable line; a temporary one is tried again after a wait, a permanent one (or one
too old) is given up and stays for the admin to see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.mail.sender import sender_of
from labelapp.models import AssessmentStatus
from labelapp.models import MessageState
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.services import workflow
from labelapp.services.outbox import BACKOFF
from tests.fixtures.smtp import Mailbox
from tests.fixtures.smtp import SmtpServer
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import complete_assessment

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def app_settings(smtp_port):
    return {
        "LABELAPP_MAIL_BACKEND": "smtp",
        "LABELAPP_SMTP_HOST": "127.0.0.1",
        "LABELAPP_SMTP_PORT": smtp_port,
        "LABELAPP_SMTP_SECURITY": "none",
        "LABELAPP_MAIL_GIVE_UP_HOURS": 24,
    }


def _submitted(manager):
    assessment = complete_assessment(db_session(), manager)
    workflow.submit_assessment(db_session(), actor(manager), assessment, None)
    db_session().commit()
    return assessment


def _only_message() -> OutboxMessage:
    (message,) = db_session().scalars(select(OutboxMessage))
    db_session().refresh(message)
    return message


def test_a_server_that_is_down_delays_the_message_and_a_later_run_sends_it(
    app, manager, make_user, smtp_port
):
    make_user(Role.ASSESSOR, email="lead@label.example")
    assessment = _submitted(manager)
    assert assessment.status is AssessmentStatus.SUBMITTED  # the change is committed
    sender = sender_of(app)
    report = sender.send_now()
    assert (report.sent, report.retrying, report.given_up) == (0, 1, 0)
    waiting = _only_message()
    assert waiting.state is MessageState.PENDING
    assert waiting.last_error.startswith("the mail server could not be reached")
    assert waiting.next_attempt_at >= utcnow() + BACKOFF[0] - timedelta(seconds=5)
    assert sender.send_now().retrying == 0  # not due yet: not tried again at once

    server = SmtpServer(smtp_port, Mailbox()).start()
    try:
        later = utcnow() + BACKOFF[0] + timedelta(seconds=1)
        assert sender.send_now(now=later).sent == 1
    finally:
        server.stop()
    assert [m.recipients for m in server.received] == [["lead@label.example"]]
    sent = _only_message()
    assert (sent.state, sent.attempts, sent.last_error) == (MessageState.SENT, 2, "")


def test_a_message_not_sent_within_the_give_up_time_is_given_up(app, manager, make_user):
    make_user(Role.ASSESSOR)
    _submitted(manager)
    sender = sender_of(app)
    assert sender.send_now().retrying == 1
    assert sender.send_now(now=utcnow() + timedelta(hours=25)).given_up == 1
    given_up = _only_message()
    assert given_up.state is MessageState.FAILED
    assert "could not be reached" in given_up.last_error
    assert sender.send_now(now=utcnow() + timedelta(hours=48)).given_up == 0  # stays given up


@pytest.mark.parametrize(
    ("reply", "state", "error"),
    [
        ("550 5.1.1 no such mailbox", MessageState.FAILED, "refused the address"),
        ("450 4.2.1 mailbox busy, try later", MessageState.PENDING, "refused the address"),
    ],
)
def test_a_refused_address_is_given_up_or_tried_again_as_the_server_says(
    app, manager, make_user, smtp_port, reply, state, error
):
    make_user(Role.ASSESSOR, email="gone@label.example")
    _submitted(manager)
    server = SmtpServer(smtp_port, Mailbox(refuse={"gone@label.example": reply})).start()
    try:
        sender_of(app).send_now()
    finally:
        server.stop()
    message = _only_message()
    assert message.state is state
    assert error in message.last_error and reply.split()[0] in message.last_error
    assert server.received == []


def test_a_tls_failure_is_recorded_and_tried_again(app, manager, make_user, smtp_port):
    """The server speaks plain SMTP where the settings ask for TLS."""
    app.config["LABELAPP_SMTP_SECURITY"] = "tls"
    from labelapp.settings import init_settings

    init_settings(app)
    make_user(Role.ASSESSOR)
    _submitted(manager)
    server = SmtpServer(smtp_port, Mailbox()).start()
    try:
        assert sender_of(app).send_now().retrying == 1
    finally:
        server.stop()
    message = _only_message()
    assert message.state is MessageState.PENDING
    assert message.last_error.startswith(("TLS with the mail server failed", "the mail server"))
    assert server.received == []
