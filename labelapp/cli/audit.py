"""``labelapp audit``: check the audit log's hash chain."""

from __future__ import annotations

import click

from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import require_migrated
from labelapp.db import db_session
from labelapp.services import audit


@click.group("audit")
def audit_group() -> None:
    """Inspect the audit log."""


@audit_group.command("verify")
def verify() -> None:
    """Walk the hash chain; report the first event that was altered, removed or inserted."""
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        checked, broken = audit.verify_chain(db_session())
        if broken is not None:
            raise click.ClickException(
                f"audit log broken at event {broken.sequence}: {broken.reason} "
                f"({checked} events before it are intact)"
            )
        click.echo(f"audit log intact: {checked} events, each chained to the one before")
