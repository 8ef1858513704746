"""``labelapp demo``: fill an empty development database with demo organisations and labels."""

from __future__ import annotations

import click

from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import require_migrated
from labelapp.db import db_session
from labelapp.services import demo_data
from labelapp.services.certificates import IssuingSettings
from labelapp.services.errors import LabelappError
from labelapp.settings import settings_of


@click.command()
@click.option(
    "--seed",
    type=int,
    default=demo_data.SEED,
    show_default=True,
    help="draws the organisations, answers and levels; the same seed gives the same demo",
)
def demo(seed: int) -> None:
    """Fill an empty development database with demo cluster organisations and labels."""
    app = build_app()
    if app.config["LABELAPP_ENV"] == "production":
        # Demo labels would be real signed certificates of the issuer, listed publicly.
        raise click.ClickException(
            "labelapp demo never runs in production (LABELAPP_ENV=production): its labels "
            "would be real, signed certificates"
        )
    settings = settings_of(app)
    base_url = settings.public_address.base_url()
    with database_errors(app), app.app_context():
        require_migrated(app)
        session = db_session()
        found = demo_data.existing_data(session)
        if found is not None:
            raise click.ClickException(
                f"the database already holds {found}; labelapp demo only fills an empty "
                "development database (one made by `labelapp init`), so nothing was changed"
            )
        click.echo("writing the demo through the real services (about half a minute) ...")
        try:
            # Outside a request: certificates link to the configured or served address.
            filled = demo_data.fill(
                session, settings.passwords, IssuingSettings(settings.certificates, base_url), seed
            )
        except (LabelappError, demo_data.DemoFailed) as error:
            # One transaction: the app context's end rolls everything back.
            raise click.ClickException(f"demo not written, nothing was changed: {error}") from None
        session.commit()
    _report(filled, base_url)


def _report(filled: demo_data.Filled, base_url: str) -> None:
    levels = ", ".join(f"{count} {level}" for level, count in filled.levels.items())
    click.echo(
        f"{filled.organisations} organisations in {filled.countries} countries and "
        f"{filled.ecosystems} industrial ecosystems, each with an approved assessment"
    )
    current = sum(filled.levels.values())
    click.echo(
        f"{filled.certificates} certificates issued and signed: {current} current labels "
        f"({levels}) and {filled.certificates - current} earlier labels they continue"
    )
    click.echo(f"sign in at {base_url}/login as")
    for role, account in (("cluster manager", filled.manager), ("assessor", filled.assessor)):
        click.echo(f"  {role + ':':17} {account.email}  password: {account.password}")
    # Printed once, never stored in clear; the other demo accounts' passwords are lost.
    click.echo("  (shown only now; the other demo accounts' passwords are not kept)")
    click.echo(
        "the manager's benchmarking report: "
        f"{base_url}/organisations/{filled.manager_organisation}/benchmarking"
    )
