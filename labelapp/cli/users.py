"""``labelapp user``: accounts from the command line."""

from __future__ import annotations

import sys

import click

from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import one_line
from labelapp.cli.common import require_migrated
from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import accounts
from labelapp.services import audit
from labelapp.services.actor import SYSTEM
from labelapp.services.errors import ValidationFailed
from labelapp.settings import settings_of


@click.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.argument("email")
@click.option("--role", "role_name", required=True, help="manager, assessor or admin")
@click.option("--name", "display_name", help="display name (default: the e-mail's local part)")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@click.option("--country", help="an assessor's country, ISO 3166-1 alpha-2 (such as DE)")
def create_user(
    email: str,
    role_name: str,
    display_name: str | None,
    password_stdin: bool,
    country: str | None,
) -> None:
    """Create an account with the given role."""
    try:
        role = Role(role_name)
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise click.ClickException(f"unknown role {role_name!r}: choose one of {choices}") from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        try:
            created = accounts.create_user(
                db_session(),
                email=email,
                display_name=display_name or email.split("@")[0],
                role=role,
                password=password,
                passwords=settings_of(app).passwords,
                country=country,
            )
        except ValidationFailed as failure:
            raise click.ClickException(one_line(failure)) from None
        audit.record(
            db_session(),
            SYSTEM,
            "user.created",
            "user",
            created.id,
            after=created.role.value,
            details={"email": created.email, "via": "cli", "country": created.country},
        )
        db_session().commit()
        click.echo(f"created {created.role.value} {created.email}")
