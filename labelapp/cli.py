"""The ``labelapp`` command: set-up, accounts and serving."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import OperationalError

from labelapp import create_app
from labelapp.config import ConfigError
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.migrate import current_revision
from labelapp.migrate import head_revision
from labelapp.migrate import upgrade_database
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services.errors import ValidationFailed


def _build_app() -> Flask:
    try:
        return create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    except ArgumentError as exc:
        raise click.ClickException(f"DATABASE_URL is not a usable database URL: {exc}") from None


@contextmanager
def _database_errors(app: Flask) -> Iterator[None]:
    """Turn an unreachable database into one readable line; close connections after."""
    try:
        yield
    except OperationalError as exc:
        url = get_database(app).engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise click.ClickException(f"cannot use the database {url}: {reason}") from None
    finally:
        get_database(app).engine.dispose()


def _one_line(failure: ValidationFailed) -> str:
    return " ".join(message for _field, message in failure.reasons)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """labelapp: the quality label for cluster organisations."""


@main.command()
def init() -> None:
    """Create or migrate the database; on a new database, create the first administrator."""
    app = _build_app()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    with _database_errors(app), app.app_context():
        upgrade_database(get_database(app).engine)
        click.echo(f"database is at revision {head_revision()}")
        session = db_session()
        if session.scalar(select(func.count()).select_from(User)) == 0:
            email = app.config["LABELAPP_ADMIN_EMAIL"]
            password = accounts.generate_one_time_password()
            try:
                accounts.create_user(
                    session,
                    email=email,
                    display_name="Administrator",
                    role=Role.ADMIN,
                    password=password,
                    must_change_password=True,
                )
            except ValidationFailed as failure:
                raise click.ClickException(f"LABELAPP_ADMIN_EMAIL: {_one_line(failure)}") from None
            session.commit()
            # Printed once on the console, never logged: it is not stored in clear.
            click.echo("created the first administrator:")
            click.echo(f"  e-mail:             {email}")
            click.echo(f"  one-time password:  {password}")
            click.echo("  (shown only now; it must be replaced at first sign-in)")


@main.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.argument("email")
@click.option("--role", "role_name", required=True, help="manager, assessor or admin")
@click.option("--name", "display_name", help="display name (default: the e-mail's local part)")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def create_user(email: str, role_name: str, display_name: str | None, password_stdin: bool) -> None:
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
    app = _build_app()
    with _database_errors(app), app.app_context():
        _require_migrated(app)
        try:
            created = accounts.create_user(
                db_session(),
                email=email,
                display_name=display_name or email.split("@")[0],
                role=role,
                password=password,
            )
        except ValidationFailed as failure:
            raise click.ClickException(_one_line(failure)) from None
        db_session().commit()
        click.echo(f"created {created.role.value} {created.email}")


def _require_migrated(app: Flask) -> None:
    if current_revision(get_database(app).engine) != head_revision():
        raise click.ClickException(
            "the database is not initialised or not up to date: run `labelapp init`"
        )


@main.command()
@click.option("--bind", help="address:port to listen on (default: LABELAPP_BIND)")
@click.option(
    "--workers", type=click.IntRange(min=1), help="worker processes (default: LABELAPP_WORKERS)"
)
@click.option("--timeout", type=click.IntRange(min=1), default=60, show_default=True)
def serve(bind: str | None, workers: int | None, timeout: int) -> None:
    """Serve the app with gunicorn."""
    from labelapp.serving import GunicornApp

    app = _build_app()
    with _database_errors(app):
        _require_migrated(app)  # the engine is disposed after: workers make their own
    bind = bind or app.config["LABELAPP_BIND"]
    workers = workers or app.config["LABELAPP_WORKERS"]
    if app.config["LABELAPP_ENV"] == "development":
        click.echo(
            "development mode: set LABELAPP_ENV=production and SECRET_KEY before serving the public"
        )
    click.echo(f"serving on http://{bind} with {workers} worker(s)")
    GunicornApp({"bind": bind, "workers": workers, "timeout": timeout}).run()


if __name__ == "__main__":
    main()
