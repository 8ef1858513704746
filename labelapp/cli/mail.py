"""``labelapp mail send``: send the outbox's due messages (cron-able, every minute)."""

from __future__ import annotations

import click

from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import require_migrated
from labelapp.mail.sender import sender_of


@click.group("mail")
def mail_group() -> None:
    """Send the e-mails the outbox holds."""


@mail_group.command("send")
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=100_000),
    default=None,
    help="send at most this many messages (default: LABELAPP_MAIL_BATCH)",
)
def send(limit: int | None) -> None:
    """Send the messages that are due; safe to run every minute and twice at once."""
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        report = sender_of(app).send_now(limit)
    click.echo(
        f"{report.sent} message(s) sent, {report.retrying} to try again later, "
        f"{report.given_up} given up"
    )
