"""The outbox against a real SMTP server on 127.0.0.1: each step that needs someone
writes a message in its own transaction; a sender delivers it with both parts and the
link to act on; a server that is down, refuses or fails TLS never touches the change,
is recorded on the message, and the message goes out on a later run."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.mail.sender import sender_of
from labelapp.models import AssessmentStatus
from labelapp.models import ConflictOfInterest
from labelapp.models import MessageOptOut
from labelapp.models import MessageState
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.services import administration
from labelapp.services import certificates
from labelapp.services import decisions
from labelapp.services import invitations
from labelapp.services import messages
from labelapp.services import outbox
from labelapp.services import review
from labelapp.services import workflow
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import record_visit

pytestmark = pytest.mark.usefixtures("ctx")
BASE = "https://label.example.test"


def smtp(port: int, **more: object) -> dict[str, object]:
    return {
        "LABELAPP_MAIL_BACKEND": "smtp",
        "LABELAPP_SMTP_HOST": "127.0.0.1",
        "LABELAPP_SMTP_PORT": port,
        "LABELAPP_SMTP_SECURITY": "none",
        **more,
    }


@pytest.fixture
def app_settings(smtp_server):
    return smtp(smtp_server.port)


def _messages(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return list(db_session().scalars(query))


def _submitted(manager):
    assessment = complete_assessment(db_session(), manager)
    workflow.submit_assessment(db_session(), actor(manager), assessment, None)
    db_session().commit()
    return assessment


def test_a_submission_tells_the_assessors_who_may_claim_it(app, manager, make_user, smtp_server):
    make_user(Role.ASSESSOR, display_name="Eva Lead", email="eva@label.example")
    conflicted = make_user(Role.ASSESSOR)
    off = make_user(Role.ASSESSOR)
    make_user(Role.ASSESSOR, active=False)
    assessment = complete_assessment(db_session(), manager)
    db_session().add(
        ConflictOfInterest(
            assessor_id=conflicted.id, organisation_id=assessment.organisation_id, reason="Board"
        )
    )
    db_session().add(MessageOptOut(user_id=off.id, kind=messages.SUBMITTED))
    workflow.submit_assessment(db_session(), actor(manager), assessment, None)
    db_session().commit()

    report = sender_of(app).send_now()
    assert (report.sent, report.retrying, report.given_up) == (1, 0, 0)
    (mail,) = smtp_server.received
    assert mail.recipients == ["eva@label.example"]
    message = mail.message
    name = assessment.organisation.name
    assert message["Subject"] == f"Submitted for review: {name}"
    assert message["To"] == "Eva Lead <eva@label.example>"
    assert message["From"] == "Cluster Excellence Label <label@example.org>"
    link = f"{BASE}/review/{assessment.id}/claim"
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert link in text.get_content() and "Hello Eva Lead," in text.get_content()
    assert f'href="{link}"' in html.get_content()
    (stored,) = _messages()
    assert (stored.state, stored.attempts, stored.subject) == (
        MessageState.SENT,
        1,
        f"Submitted for review: {name}",
    )
    assert sender_of(app).send_now().sent == 0  # sent once, never again


def test_each_decision_tells_the_managers_in_their_language(app, manager, make_user, smtp_server):
    manager.language = "de"
    lead, second = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    assessment = _submitted(manager)
    review.claim(db_session(), actor(lead), assessment, True, None)
    decisions.request_changes(db_session(), actor(lead), assessment, "Attach the survey.", None)
    db_session().commit()
    workflow.submit_assessment(db_session(), actor(manager), assessment, None)
    review.claim(db_session(), actor(lead), assessment, True, None)
    record_visit(db_session(), lead, assessment)
    decisions.approve(db_session(), actor(lead), assessment, None, issuing())
    certificate = decisions.confirm(db_session(), actor(second), assessment, True, None, issuing())
    db_session().commit()
    assert assessment.status is AssessmentStatus.APPROVED

    sender_of(app).send_now()
    to_manager = [m.message for m in smtp_server.received if manager.email in m.recipients]
    subjects = [message["Subject"] for message in to_manager]
    name = assessment.organisation.name
    assert subjects == [
        f"Änderungen erbeten: {name}",
        f"Label verliehen: {name}, Gold — nachgewiesene Exzellenz",
    ]
    changes, awarded = (m.get_body(("plain",)).get_content() for m in to_manager)
    assert "Attach the survey." in changes
    assert f"{BASE}/assessments/{assessment.id}" in changes
    assert f"{BASE}/verify/{certificate.number}" in awarded
    # The second assessor was asked for too: gold needs four eyes.
    asked = _messages(messages.SECOND_ASSESSOR)
    assert second.id in {m.recipient_id for m in asked}
    assert lead.id not in {m.recipient_id for m in asked}


def test_line_breaks_in_names_and_subjects_never_reach_the_wire(app, smtp_server):
    """A name or an organisation typed (or forged) with CR/LF cannot add a header or a
    recipient: each header stays one line."""
    outbox.queue(
        db_session(),
        messages.REJECTED,
        {"organisation": "Klaster\r\nBcc: victim@example.org", "note": "No.", "path": "/"},
        address="owner@cluster.example",
        name="Eve\r\nBcc: victim@example.org\nX-Evil: 1",
    )
    db_session().commit()
    assert sender_of(app).send_now().sent == 1
    (mail,) = smtp_server.received
    assert mail.recipients == ["owner@cluster.example"]
    headers = mail.raw.split(b"\r\n\r\n", 1)[0].decode()
    assert "\nBcc:" not in headers and "\nX-Evil:" not in headers
    message = mail.message
    assert message["Subject"] == "Assessment rejected: Klaster Bcc: victim@example.org"
    assert message["To"].addresses[0].addr_spec == "owner@cluster.example"


@pytest.mark.parametrize("address", ["not an address", "two@at@example.org", ""])
def test_an_address_that_cannot_be_written_is_given_up_with_why(app, smtp_server, address):
    outbox.queue(db_session(), messages.REJECTED, FACTS, address=address, name="Someone")
    db_session().commit()
    assert sender_of(app).send_now().given_up == 1
    (message,) = _messages()
    db_session().refresh(message)
    assert message.state is MessageState.FAILED
    assert message.last_error.startswith("the address cannot be used")
    assert smtp_server.received == []


FACTS = {"organisation": "Klaster", "note": "No.", "path": "/assessments/1"}


def test_a_status_change_tells_the_managers_with_the_public_reason(
    app, manager, admin, smtp_server
):
    certificate = issued(db_session(), manager)
    db_session().commit()
    certificates.change_status(
        db_session(), actor(admin), certificate, "suspend", "Under review after a complaint.", None
    )
    db_session().commit()
    assert sender_of(app).send_now().sent == 1
    (mail,) = smtp_server.received
    assert mail.recipients == [manager.email]
    assert mail.message["Subject"] == f"Certificate {certificate.number} suspended"
    body = mail.message.get_body(("plain",)).get_content()
    assert "Under review after a complaint." in body
    assert f"{BASE}/verify/{certificate.number}" in body


def test_the_console_backend_prints_and_keeps_the_message(app, capsys):
    from labelapp.settings import init_settings

    app.config["LABELAPP_MAIL_BACKEND"] = "console"
    init_settings(app)
    outbox.queue(db_session(), messages.REJECTED, FACTS, address="a@b.example", name="A")
    db_session().commit()
    assert sender_of(app).send_now().sent == 1
    printed = capsys.readouterr().out
    assert "To: A <a@b.example>" in printed and f"{BASE}/assessments/1" in printed
    (message,) = _messages()
    assert message.subject == "Assessment rejected: Klaster"


def test_an_invitation_goes_by_e_mail_and_its_link_is_forgotten_once_sent(
    app, manager, smtp_server
):
    organisation = make_organisation(db_session(), manager, name="Klaster Morski")
    token = invitations.invite_manager(db_session(), actor(manager), organisation, "Jan@X.example")
    db_session().commit()
    assert sender_of(app).send_now().sent == 1
    (mail,) = smtp_server.received
    assert mail.recipients == ["jan@x.example"]
    assert mail.message["Subject"] == "Invitation to co-manage Klaster Morski"
    body = mail.message.get_body(("plain",)).get_content()
    assert f"{BASE}/invitations/{token}" in body and "expires in 14 days" in body
    (message,) = _messages()
    db_session().refresh(message)
    assert token not in message.payload  # the only copy outside the mailbox is gone


def test_a_reset_link_goes_to_the_account_by_e_mail(app, admin, make_user, smtp_server):
    user = make_user(Role.ASSESSOR, email="ines@label.example", language="fr")
    token = administration.create_reset_link(db_session(), actor(admin), user)
    db_session().commit()
    sender_of(app).send_now()
    (mail,) = smtp_server.received
    assert mail.recipients == ["ines@label.example"]
    assert mail.message["Subject"] == "Choisir un nouveau mot de passe"
    body = mail.message.get_body(("plain",)).get_content()
    assert f"{BASE}/reset/{token}" in body and "expire dans 48 heures" in body
