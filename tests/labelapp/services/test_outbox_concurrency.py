"""Two senders at once (cron's `labelapp mail send` and the after-commit attempt, or two
cron runs that overlap) never send a message twice, on a real database of each
backend with its own connections."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from labelapp import create_app
from labelapp.cli import main
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.mail.sender import sender_of
from labelapp.migrate import upgrade_database
from labelapp.models import MessageState
from labelapp.models import OutboxMessage
from labelapp.services import messages
from labelapp.services import outbox
from labelapp.services.outbox import SendReport
from tests.fixtures.app import settings_for_tests

MESSAGES = 60


def _config(instance: Path, url: str, port: int) -> dict[str, object]:
    return settings_for_tests(
        instance,
        DATABASE_URL=url,
        LABELAPP_MAIL_BACKEND="smtp",
        LABELAPP_SMTP_HOST="127.0.0.1",
        LABELAPP_SMTP_PORT=port,
        LABELAPP_SMTP_SECURITY="none",
    )


@pytest.fixture
def mail_app(empty_database_url: str, tmp_path: Path, smtp_server) -> Iterator:
    config = _config(tmp_path, empty_database_url, smtp_server.port)
    app = create_app(config)
    app.config["TEST_CLI_ENV"] = {key: str(value) for key, value in config.items()}
    upgrade_database(get_database(app).engine)
    with app.app_context():
        for number in range(MESSAGES):
            facts = {"organisation": f"Klaster {number}", "note": "No.", "path": "/"}
            address = f"owner{number}@cluster.example"
            outbox.queue(db_session(), messages.REJECTED, facts, address=address)
        db_session().commit()
    yield app
    get_database(app).engine.dispose()


def test_two_senders_at_once_send_each_message_exactly_once(mail_app, smtp_server):
    start = threading.Barrier(2)
    reports: list[SendReport] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with mail_app.app_context():
                start.wait()
                reports.append(sender_of(mail_app).send_now(limit=MESSAGES))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    delivered = Counter(address for mail in smtp_server.received for address in mail.recipients)
    assert len(delivered) == MESSAGES and set(delivered.values()) == {1}
    assert sum(report.sent for report in reports) == MESSAGES
    with mail_app.app_context():
        rows = db_session().scalars(select(OutboxMessage)).all()
        assert {(row.state, row.attempts) for row in rows} == {(MessageState.SENT, 1)}


def test_the_command_sends_in_batches_and_says_what_it_did(mail_app, smtp_server):
    env = mail_app.config["TEST_CLI_ENV"]  # what the command reads from the environment
    first = CliRunner().invoke(main, ["mail", "send", "--limit", "40"], env=env)
    assert first.exit_code == 0, first.output
    assert first.output == "40 message(s) sent, 0 to try again later, 0 given up\n"
    second = CliRunner().invoke(main, ["mail", "send"], env=env)
    assert second.output == "20 message(s) sent, 0 to try again later, 0 given up\n"
    assert len(smtp_server.received) == MESSAGES


def test_a_commit_that_wrote_messages_starts_a_send_in_the_background(mail_app, smtp_server):
    from labelapp.settings import init_settings

    mail_app.config["LABELAPP_MAIL_AFTER_COMMIT"] = 1
    init_settings(mail_app)
    with mail_app.app_context():
        facts = {"organisation": "Klaster", "note": "No.", "path": "/"}
        outbox.queue(db_session(), messages.REJECTED, facts, address="late@cluster.example")
        assert smtp_server.received == []  # nothing leaves before the commit
        db_session().commit()
    sender_of(mail_app).join(timeout=60)
    assert len(smtp_server.received) == MESSAGES + 1  # all that was due, the new one too
    with mail_app.app_context():
        states = set(db_session().scalars(select(OutboxMessage.state)))
        assert states == {MessageState.SENT}
